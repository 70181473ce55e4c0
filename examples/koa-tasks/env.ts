/** The variable `name`, or `fallback`; neither is a mistake to say at start. */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] || fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}
