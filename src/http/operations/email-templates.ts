// The routes of email templates: the subjects and bodies POST /v1/emails renders with each request's data.
import {
  emailTemplateCreateSchema,
  emailTemplatePatchSchema,
  previewSchema,
  unsavedPreviewSchema,
} from '../../email-templates/template-schema';
import { emailTemplateListQuerySchema } from '../schemas/email-template-list';
import {
  emailTemplatePageSchema,
  emailTemplateSchema,
  renderedEmailSchema,
} from '../schemas/responses/email-templates';
import { conflict, created, NO_CONTENT, ok, op, type Operation } from './operation';

const rendered = ok(renderedEmailSchema, 'The message as POST /v1/emails would send it');

export const EMAIL_TEMPLATE_OPERATIONS: Readonly<Record<string, Operation>> = {
  'POST /v1/email-templates': op('createEmailTemplate', ['templates:admin'], 'Store an email template', {
    responses: { ...created(emailTemplateSchema), ...conflict('A template of this name exists') },
    body: (d) => emailTemplateCreateSchema(d.email),
    example: {
      name: 'welcome',
      subject: 'Welcome, {{ user.name }}',
      text: 'Hello {{ user.name }}, your plan is {{ plan | default: "free" }}.',
      html: '<p>Hello {{ user.name }}</p>',
      sampleData: { user: { name: 'Ada' } },
    },
  }),
  'GET /v1/email-templates': op('listEmailTemplates', ['templates:admin'], 'List email templates by name', {
    responses: ok(emailTemplatePageSchema),
    query: () => emailTemplateListQuerySchema,
  }),
  'POST /v1/email-templates/preview': op(
    'previewUnsavedEmailTemplate',
    ['templates:admin'],
    'Render a template that is not stored, with data',
    { responses: rendered, body: (d) => unsavedPreviewSchema(d.email) },
  ),
  'GET /v1/email-templates/:id': op('getEmailTemplate', ['templates:admin'], 'One email template, by id or name', {
    responses: ok(emailTemplateSchema),
  }),
  'PATCH /v1/email-templates/:id': op(
    'updateEmailTemplate',
    ['templates:admin'],
    'Change an email template: the fields given replace its own, null clears one',
    {
      responses: { ...ok(emailTemplateSchema), ...conflict('Another template has this name') },
      body: (d) => emailTemplatePatchSchema(d.email),
    },
  ),
  'DELETE /v1/email-templates/:id': op('deleteEmailTemplate', ['templates:admin'], 'Remove an email template', {
    responses: NO_CONTENT,
  }),
  'POST /v1/email-templates/:id/preview': op(
    'previewEmailTemplate',
    ['templates:admin'],
    'Render a stored template with data, or with its sampleData',
    { responses: rendered, body: () => previewSchema },
  ),
};
