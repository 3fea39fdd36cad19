import type { Hono } from 'hono';
import { asRecord, authenticateAdmin, type AppEnv, type MockContext } from '../context';
import { ApiError, jsonResponse, readJson, validationError, type FieldError } from '../http';
import { categoryJson, fieldJson, statusJson } from '../serialize';
import type { MockFieldDefinition, MockFieldEntity, MockFieldType } from '../types';

/**
 * Brand configuration the admin API exposes and a portal gateway reads:
 * statuses (system and custom), categories and custom field definitions
 * as the vendor's settings endpoints return them. Statuses and categories are
 * read-only here (tests and seeds change them through `mock.store`); field
 * definitions can also be created, changed and deleted, as staff do in the
 * vendor's settings screen.
 */

const ENTITIES: Record<string, MockFieldEntity> = {
  ticket: 'ticket',
  customer: 'customer',
  // The vendor UI renamed customers to contacts; both names are accepted.
  contact: 'customer',
  company: 'company',
};

const FIELD_TYPES: MockFieldType[] = ['text', 'number', 'boolean', 'date', 'select', 'multiselect', 'url', 'array', 'object'];
/** Lower-case snake case, as the seed's keys; the vendor documents no rule, so this one is the mock's. */
const FIELD_KEY = /^[a-z][a-z0-9_]{0,49}$/;

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Why `value` doesn't fit the field, or null when it does (null always fits: it clears the field). */
function fieldValueError(def: MockFieldDefinition, value: unknown): string | null {
  if (value === null) return null;
  const options = def.options ?? [];
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? null : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'select':
      return typeof value === 'string' && options.includes(value) ? null : `must be one of: ${options.join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && options.includes(v)) ? null : `must be a list of: ${options.join(', ')}`;
    case 'url': {
      if (typeof value !== 'string') return 'must be a URL';
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must be an http(s) URL';
      } catch {
        return 'must be a URL';
      }
    }
    case 'array':
      return Array.isArray(value) ? null : 'must be a list';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? null : 'must be an object';
  }
}

/**
 * Checks `customFields` against the brand's ticket field definitions: known
 * keys must fit their type; unknown keys are kept as free-form JSON, as the
 * API stores them. Required fields are not enforced (the admin UI does that).
 */
export function validateCustomFields(ctx: MockContext, brandId: string, value: unknown, errors: FieldError[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field: 'customFields', message: 'customFields must be an object keyed by field key.' });
    return {};
  }
  const defs = ctx.store.fieldsOf(brandId, 'ticket');
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const def = defs.find((d) => d.key === key);
    const problem = def ? fieldValueError(def, v) : null;
    if (problem) errors.push({ field: `customFields.${key}`, message: `${def?.label ?? key} ${problem}.` });
  }
  return { ...(value as Record<string, unknown>) };
}

type FieldSettings = Omit<MockFieldDefinition, 'key' | 'createdAt'>;

/**
 * A definition's settings from a create (`current` null: label and type
 * required, flags default to shown) or an update (only what the body names
 * changes), checked as a whole.
 */
function readFieldSettings(body: Record<string, unknown>, current: FieldSettings | null, nextSortOrder: number, errors: FieldError[]): FieldSettings {
  const has = (k: string) => body[k] !== undefined;
  const text = (k: 'label' | 'description' | 'placeholder' | 'source', nullable: boolean): string | null | undefined => {
    const v = body[k];
    if (v === undefined) return undefined;
    if (v === null && nullable) return null;
    if (typeof v !== 'string' || (!nullable && v.trim() === '')) {
      errors.push({ field: k, message: nullable ? `${k} must be text or null.` : `${k} is required.` });
      return undefined;
    }
    return nullable ? v : v.trim();
  };
  const flag = (k: string): boolean | undefined => {
    const v = body[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') errors.push({ field: k, message: `${k} must be true or false.` });
    return typeof v === 'boolean' ? v : undefined;
  };

  const label = text('label', false);
  if (!current && label === undefined && !errors.some((e) => e.field === 'label')) errors.push({ field: 'label', message: 'label is required.' });
  const type = body.type;
  if (has('type') && !FIELD_TYPES.includes(type as MockFieldType)) errors.push({ field: 'type', message: `type must be one of: ${FIELD_TYPES.join(', ')}.` });
  else if (!current && !has('type')) errors.push({ field: 'type', message: 'type is required.' });
  let options: string[] | null | undefined;
  if (has('options')) {
    const v = body.options;
    if (v === null) options = null;
    else if (Array.isArray(v) && v.every((o) => typeof o === 'string' && o.trim() !== '') && new Set(v).size === v.length) options = v as string[];
    else errors.push({ field: 'options', message: 'options must be a list of distinct, non-empty strings.' });
  }
  // The older `visible` flag stands for both newer ones when they are not given.
  const visible = flag('visible');
  const sortOrder = body.sortOrder;
  if (has('sortOrder') && !(typeof sortOrder === 'number' && Number.isInteger(sortOrder))) errors.push({ field: 'sortOrder', message: 'sortOrder must be an integer.' });

  const base: FieldSettings = current ?? {
    label: '',
    type: 'text',
    required: false,
    description: null,
    placeholder: null,
    options: null,
    showOnCreate: true,
    showInTable: true,
    showInDetail: true,
    sortOrder: nextSortOrder,
    source: null,
  };
  // Null clears a text setting; absent (or refused) keeps it.
  const orBase = <T,>(v: T | undefined, fallback: T) => (v === undefined ? fallback : v);
  const next: FieldSettings = {
    ...base,
    label: label ?? base.label,
    type: FIELD_TYPES.includes(type as MockFieldType) ? (type as MockFieldType) : base.type,
    required: flag('required') ?? base.required,
    description: orBase(text('description', true), base.description),
    placeholder: orBase(text('placeholder', true), base.placeholder),
    source: orBase(text('source', true), base.source),
    options: options === undefined ? base.options : options,
    showOnCreate: flag('showOnCreate') ?? visible ?? base.showOnCreate,
    showInTable: flag('showInTable') ?? visible ?? base.showInTable,
    showInDetail: flag('showInDetail') ?? visible ?? base.showInDetail,
    sortOrder: typeof sortOrder === 'number' && Number.isInteger(sortOrder) ? sortOrder : base.sortOrder,
  };
  if ((next.type === 'select' || next.type === 'multiselect') && !next.options?.length && !errors.some((e) => e.field === 'options')) {
    errors.push({ field: 'options', message: `A ${next.type} field needs options.` });
  }
  if (has('defaultValue')) {
    const problem = fieldValueError({ ...next, key: '', createdAt: 0 }, body.defaultValue);
    if (problem) errors.push({ field: 'defaultValue', message: `defaultValue ${problem}.` });
    else if (body.defaultValue === null) delete next.defaultValue;
    else next.defaultValue = body.defaultValue;
  }
  return next;
}

export function registerAdminSettingsRoutes(app: Hono<AppEnv>, ctx: MockContext, b: string): void {
  const { store } = ctx;

  app.get(`${b}/statuses`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    return jsonResponse(200, store.statusesOf(brand.id).map(statusJson));
  });

  app.get(`${b}/categories`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    return jsonResponse(200, store.categoriesOf(brand.id).map(categoryJson));
  });

  const fieldList = (brandId: string, entity: MockFieldEntity) =>
    [...store.fieldsOf(brandId, entity)].sort((x, y) => x.sortOrder - y.sortOrder).map((f) => fieldJson(f, ctx.faults.variants.fieldVisibility));

  app.get(`${b}/fields`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    return jsonResponse(200, { ticket: fieldList(brand.id, 'ticket'), customer: fieldList(brand.id, 'customer'), company: fieldList(brand.id, 'company') });
  });

  const entityOf = (name: string | undefined): MockFieldEntity => {
    const entity = name !== undefined && Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
    if (!entity) throw new ApiError(404, 'NOT_FOUND', `Unknown entity type: use one of ${Object.keys(ENTITIES).join(', ')}.`);
    return entity;
  };
  const definitionOf = (brandId: string, entity: MockFieldEntity, key: string) => {
    const list = store.fieldsOf(brandId, entity);
    const index = list.findIndex((f) => f.key === key);
    if (index < 0) throw new ApiError(404, 'FIELD_NOT_FOUND', 'Custom field not found.');
    return { list, index, field: list[index] as MockFieldDefinition };
  };
  const json = (f: MockFieldDefinition) => fieldJson(f, ctx.faults.variants.fieldVisibility);

  app.get(`${b}/fields/:entity`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    return jsonResponse(200, fieldList(brand.id, entityOf(c.req.param('entity'))));
  });

  // A new definition: `key`, `label` and `type` required; shown everywhere unless flagged otherwise.
  app.post(`${b}/fields/:entity`, async (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    const entity = entityOf(c.req.param('entity'));
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    const key = body.key;
    if (typeof key !== 'string' || !FIELD_KEY.test(key)) {
      errors.push({ field: 'key', message: 'key is required: lower-case letters, digits and underscores, starting with a letter, at most 50.' });
    }
    const list = store.fieldsOf(brand.id, entity);
    const settings = readFieldSettings(body, null, list.reduce((max, f) => Math.max(max, f.sortOrder + 1), 0), errors);
    if (errors.length) throw validationError(errors);
    if (list.some((f) => f.key === key)) throw new ApiError(409, 'FIELD_EXISTS', `A ${entity} field with key "${key as string}" already exists.`);
    const field: MockFieldDefinition = { ...settings, key: key as string, createdAt: ctx.now() };
    list.push(field);
    return jsonResponse(201, json(field));
  });

  // Changes what the body names; the key stays (values on records are stored under it).
  app.patch(`${b}/fields/:entity/:key`, async (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    const { list, index, field } = definitionOf(brand.id, entityOf(c.req.param('entity')), c.req.param('key') ?? '');
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    if (body.key !== undefined && body.key !== field.key) errors.push({ field: 'key', message: 'key cannot be changed.' });
    const settings = readFieldSettings(body, field, field.sortOrder, errors);
    if (errors.length) throw validationError(errors);
    const updated: MockFieldDefinition = { ...settings, key: field.key, createdAt: field.createdAt };
    list[index] = updated;
    return jsonResponse(200, json(updated));
  });

  // Removes the definition; values already stored on records stay (free-form JSON).
  app.delete(`${b}/fields/:entity/:key`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    const { list, index, field } = definitionOf(brand.id, entityOf(c.req.param('entity')), c.req.param('key') ?? '');
    list.splice(index, 1);
    return jsonResponse(200, json(field));
  });
}
