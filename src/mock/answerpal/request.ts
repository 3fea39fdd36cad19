import { AnswerPalError, validation } from './wire';

/**
 * Model binding as ASP.NET Core does it: query names and JSON property names
 * are case-insensitive; a value that doesn't convert is a 400 with the field.
 */

export class Query {
  readonly #values = new Map<string, string[]>();

  constructor(url: URL) {
    for (const [k, v] of url.searchParams) {
      const key = k.toLowerCase();
      this.#values.set(key, [...(this.#values.get(key) ?? []), v]);
    }
  }

  get(name: string): string | undefined {
    return this.#values.get(name.toLowerCase())?.[0];
  }

  all(name: string): string[] {
    return (this.#values.get(name.toLowerCase()) ?? []).filter((v) => v !== '');
  }

  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw validation(name, `The value '${raw}' is not valid for ${name}.`);
    return Number(raw);
  }

  ints(name: string): number[] {
    return this.all(name).map((raw) => {
      if (!/^-?\d+$/.test(raw.trim())) throw validation(name, `The value '${raw}' is not valid for ${name}.`);
      return Number(raw);
    });
  }

  /** Nullable bool: absent means "no filter". */
  bool(name: string): boolean | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return undefined;
    const v = raw.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw validation(name, `The value '${raw}' is not valid for ${name}.`);
  }
}

export type Body = Record<string, unknown>;

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw new AnswerPalError(400, 'A non-empty request body is required.', { errors: { '': ['A non-empty request body is required.'] } });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AnswerPalError(400, 'The JSON value could not be converted.', { errors: { $: ['The JSON value could not be converted.'] } });
  }
}

export async function readObject(request: Request): Promise<Body> {
  const value = await readJsonBody(request);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AnswerPalError(400, 'The JSON value could not be converted.', { errors: { $: ['The JSON value could not be converted.'] } });
  }
  return value as Body;
}

/** A property, matched case-insensitively (System.Text.Json with web defaults). */
export function field(body: Body, name: string): unknown {
  if (name in body) return body[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function str(body: Body, name: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = field(body, name);
  if (v === undefined || v === null) {
    if (opts.required) throw validation(name, `The ${name} field is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw validation(name, `The JSON value could not be converted to System.String. Path: $.${name}`);
  if (opts.required && v.trim() === '') throw validation(name, `The ${name} field is required.`);
  if (opts.max !== undefined && v.length > opts.max) throw validation(name, `The field ${name} must be a string with a maximum length of ${opts.max}.`);
  return v;
}

export function int(body: Body, name: string, opts: { required?: boolean } = {}): number | undefined {
  const v = field(body, name);
  if (v === undefined || v === null) {
    if (opts.required) throw validation(name, `The ${name} field is required.`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw validation(name, `The JSON value could not be converted to System.Int32. Path: $.${name}`);
  return v;
}

export function bool(body: Body, name: string): boolean | undefined {
  const v = field(body, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw validation(name, `The JSON value could not be converted to System.Boolean. Path: $.${name}`);
  return v;
}

/** An ISO date (with or without an offset; without one it is UTC), or null. */
export function date(body: Body, name: string): number | null | undefined {
  const v = field(body, name);
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw validation(name, `The JSON value could not be converted to System.DateTime. Path: $.${name}`);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (Number.isNaN(ms)) throw validation(name, `The JSON value could not be converted to System.DateTime. Path: $.${name}`);
  return ms;
}

export const isEmail = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 254;
