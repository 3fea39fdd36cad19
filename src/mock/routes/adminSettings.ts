import type { Hono } from 'hono';
import { authenticateAdmin, type AppEnv, type MockContext } from '../context';
import { ApiError, jsonResponse, type FieldError } from '../http';
import { categoryJson, fieldJson, statusJson } from '../serialize';
import type { MockFieldDefinition, MockFieldEntity } from '../types';

/**
 * Brand configuration the admin API exposes and a portal gateway reads:
 * statuses (system and custom), categories and custom field definitions
 * as the vendor's settings endpoints return them. Read-only here; tests and seeds change them through
 * `mock.store`.
 */

const ENTITIES: Record<string, MockFieldEntity> = {
  ticket: 'ticket',
  customer: 'customer',
  // The vendor UI renamed customers to contacts; both names are accepted.
  contact: 'customer',
  company: 'company',
};

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

  app.get(`${b}/fields/:entity`, (c) => {
    const brand = authenticateAdmin(ctx, c, c.req.param('brandId') ?? '');
    const name = c.req.param('entity');
    const entity = Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
    if (!entity) throw new ApiError(404, 'NOT_FOUND', `Unknown entity type: use one of ${Object.keys(ENTITIES).join(', ')}.`);
    return jsonResponse(200, fieldList(brand.id, entity));
  });
}
