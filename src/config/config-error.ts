/** A setting (a variable, or a file one names) is wrong: the message names it, in one line. */
export class ConfigError extends Error {}
