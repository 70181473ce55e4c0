import type { EmailTemplateSource } from './template-parts';

/** What a template is made of, as it is created or replaced: a unique name, its parts and its sample data. */
export interface EmailTemplateSettings extends EmailTemplateSource {
  name: string;
  description?: string;
  /** The data a preview renders with when it is given none. */
  sampleData?: Record<string, unknown>;
}

/** A stored template. */
export interface EmailTemplate extends EmailTemplateSettings {
  /** `tpl_<ulid>`; never a name, so `get` tells the two apart. */
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface EmailTemplatePage {
  /** By name. */
  templates: EmailTemplate[];
  /** The name to pass as `after` for the next page; null on the last page. */
  lastName: string | null;
}

/** Email templates in Afterward's database. */
export interface EmailTemplateStore {
  /** Throws EmailTemplateExistsError when another template has the name. */
  create(settings: EmailTemplateSettings): Promise<EmailTemplate>;
  /** By id (`tpl_…`) or by name: what POST /v1/emails and a batch name a template with. */
  get(idOrName: string): Promise<EmailTemplate | undefined>;
  /** Names after `after`, in order, at most `limit`. */
  list(page: { limit: number; after?: string }): Promise<EmailTemplatePage>;
  /** Replaces every setting of template `id`; throws EmailTemplateExistsError when another template has the new name. */
  replace(id: string, settings: EmailTemplateSettings): Promise<EmailTemplate | undefined>;
  remove(id: string): Promise<boolean>;
}

export const EMAIL_TEMPLATE_ID_PREFIX = 'tpl_';
