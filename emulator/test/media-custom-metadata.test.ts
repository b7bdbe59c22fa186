import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createField,
  updateField,
  validateCustomMetadata,
  type CustomMetadataField,
  type CustomMetadataResult,
} from '../src/custom-metadata.js';
import {
  customMetadataFieldsOf,
  CUSTOM_METADATA_FIELDS_DOC,
} from '../src/custom-metadata-fields-store.js';
import { FileStore } from '../src/store.js';

const f = (name: string, schema: CustomMetadataField['schema']): CustomMetadataField => ({
  id: name.padEnd(24, '0').slice(0, 24),
  name,
  label: name,
  schema,
});

const fields: CustomMetadataField[] = [
  f('brand', { type: 'Text', minLength: 2, maxLength: 10 }),
  f('price', { type: 'Number', minValue: 1000, maxValue: 3000 }),
  f('launch', { type: 'Date', minValue: '2020-01-01T00:00:00Z', maxValue: '2030-12-31T00:00:00Z' }),
  f('onSale', { type: 'Boolean' }),
  f('size', { type: 'SingleSelect', selectOptions: ['S', 'M', 'L', 40], isValueRequired: true, defaultValue: 'M' }),
  f('colors', { type: 'MultiSelect', selectOptions: ['red', 'blue', true] }),
];

function errorsOf<T>(r: CustomMetadataResult<T>): Record<string, string> {
  assert.equal(r.ok, false, 'expected a refusal');
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.status, 400);
  assert.ok(r.message.startsWith('Invalid custom metadata.'), r.message);
  return r.errors ?? {};
}

test('accepts values of every type within their limits, and fills a required field with its default', () => {
  const r = validateCustomMetadata(fields, {
    brand: 'Nike',
    price: 1000,
    launch: '2024-05-01',
    onSale: false,
    colors: ['red', true],
  });
  assert.deepEqual(r, {
    ok: true,
    value: { brand: 'Nike', price: 1000, launch: '2024-05-01', onSale: false, colors: ['red', true], size: 'M' },
  });
});

test('parses the stringified JSON an upload form sends', () => {
  const r = validateCustomMetadata(fields, '{"price": 2999.5, "size": 40}');
  assert.deepEqual(r, { ok: true, value: { price: 2999.5, size: 40 } });
});

test('refuses a value that is not a JSON object, naming the problem', () => {
  for (const bad of ['not json', '[1,2]', '"text"', [1], 42]) {
    const errors = errorsOf(validateCustomMetadata(fields, bad));
    assert.deepEqual(errors, { customMetadata: 'should be a JSON object' }, String(bad));
  }
});

test('refuses keys that no field defines', () => {
  const r = validateCustomMetadata(fields, { brand: 'Nike', colour: 'red' });
  assert.deepEqual(Object.keys(errorsOf(r)), ['colour']);
  assert.match((r as { message: string }).message, /"colour" is not a defined custom metadata field/);
});

test('refuses wrong types, out-of-range values and foreign select options, one reason per key', () => {
  const errors = errorsOf(
    validateCustomMetadata(fields, {
      brand: 'N',
      price: 900,
      launch: '31/12/2024',
      onSale: 'yes',
      size: 'XL',
      colors: ['red', 'green'],
    }),
  );
  assert.deepEqual(errors, {
    brand: 'should have at least 2 characters',
    price: 'should be greater than or equal to 1000',
    launch: 'should be a date in ISO 8601 format, e.g. 2024-01-31 or 2024-01-31T10:00:00Z',
    onSale: 'should be of type boolean',
    size: 'should be one of the select options: "S", "M", "L", 40',
    colors: 'should contain only the select options: "red", "blue", true',
  });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { price: '1200' })), { price: 'should be of type number' });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { price: 3001 })), {
    price: 'should be less than or equal to 3000',
  });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { brand: 'a'.repeat(11) })), {
    brand: 'should have at most 10 characters',
  });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { launch: '2019-12-31' })), {
    launch: 'should be on or after 2020-01-01T00:00:00Z',
  });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { colors: 'red' })), {
    colors: 'should be an array of select options',
  });
});

test('an update keeps keys not sent, unsets keys sent as null, and cannot unset a required field', () => {
  const existing = { brand: 'Nike', price: 1500, size: 'L' };
  assert.deepEqual(validateCustomMetadata(fields, { price: null, onSale: true }, existing), {
    ok: true,
    value: { brand: 'Nike', size: 'L', onSale: true },
  });
  assert.deepEqual(errorsOf(validateCustomMetadata(fields, { size: null }, existing)), {
    size: 'is a required field and cannot be unset',
  });
});

test('a field named __proto__ holds a value like any other, without touching the prototype', () => {
  const odd = [f('__proto__', { type: 'Text' })];
  const r = validateCustomMetadata(odd, '{"__proto__": "x"}');
  assert.ok(r.ok);
  assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
  assert.equal(JSON.stringify(r.value), '{"__proto__":"x"}');
  const unknown = validateCustomMetadata(fields, '{"__proto__": {"polluted": true}}');
  assert.deepEqual(errorsOf(unknown), { ['__proto__']: 'is not a defined custom metadata field; create it with the custom metadata fields API first' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const schema = createField([], { name: 'x', label: 'x', schema: JSON.parse('{"type": "Text", "__proto__": {"a": 1}}') });
  assert.deepEqual(!schema.ok && Object.keys(schema.errors!), ['__proto__']);
});

test('a required field without a default must be sent', () => {
  const strict = [f('sku', { type: 'Text', isValueRequired: true })];
  // A stored field like this can only come from older data; creation refuses it (below).
  assert.deepEqual(errorsOf(validateCustomMetadata(strict, {})), { sku: 'is a required field' });
  assert.deepEqual(validateCustomMetadata(strict, { sku: 'A1' }), { ok: true, value: { sku: 'A1' } });
});

test('field creation: names are unique forever, labels among live fields, schemas fit their type', () => {
  const existing = [{ ...f('price', { type: 'Number' }), deleted: true }, f('brand', { type: 'Text' })];
  const msg = (r: CustomMetadataResult<unknown>) => (r.ok ? 'ok' : r.message);
  assert.equal(
    msg(createField(existing, { name: 'price', label: 'Price 2', schema: { type: 'Number' } })),
    'A custom metadata field with this name already exists.',
  );
  assert.equal(
    msg(createField(existing, { name: 'brand2', label: 'brand', schema: { type: 'Text' } })),
    'A custom metadata field with this label already exists.',
  );
  // The deleted field's label is free again.
  assert.equal(msg(createField(existing, { name: 'cost', label: 'price', schema: { type: 'Number' } })), 'ok');
  assert.equal(msg(createField(existing, { label: 'x', schema: { type: 'Text' } })), 'Your request is missing name parameter.');
  assert.equal(msg(createField(existing, { name: 'x', schema: { type: 'Text' } })), 'Your request is missing label parameter.');
  assert.equal(msg(createField(existing, { name: 'x', label: 'x' })), 'Your request is missing schema parameter.');

  const bad = createField(existing, {
    name: 'x',
    label: 'x',
    schema: { type: 'Number', minValue: 'low', maxLength: 3 },
  });
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.errors, { minValue: 'should be of type number', maxLength: 'not allowed for this type' });
  assert.match(msg(bad), /^Invalid schema object\. /);

  const cases: Array<[Record<string, unknown>, Record<string, string>]> = [
    [{ type: 'Colour' }, { type: 'should be one of Text, Textarea, Number, Date, Boolean, SingleSelect, MultiSelect' }],
    [{ type: 'SingleSelect' }, { selectOptions: 'is required for SingleSelect and MultiSelect and should be a non-empty array' }],
    [{ type: 'Text', selectOptions: ['a'] }, { selectOptions: 'not allowed for this type' }],
    [{ type: 'Text', isValueRequired: true }, { defaultValue: 'is required when isValueRequired is true' }],
    [{ type: 'Number', minValue: 5, maxValue: 1 }, { minValue: 'should not be greater than maxValue' }],
    [{ type: 'Text', minLength: 5, maxLength: 1 }, { minLength: 'should not be greater than maxLength' }],
    [{ type: 'MultiSelect', selectOptions: ['a'], defaultValue: ['b'] }, { defaultValue: 'should contain only the select options: "a"' }],
    [{ type: 'Date', maxValue: 'tomorrow' }, { maxValue: 'should be a date in ISO 8601 format' }],
    [{ type: 'Boolean', colour: 'red' }, { colour: 'is not a schema property' }],
  ];
  for (const [schema, errors] of cases) {
    const r = createField([], { name: 'x', label: 'x', schema });
    assert.deepEqual(!r.ok && r.errors, errors, JSON.stringify(schema));
  }
});

test('field update: label and schema change, type and name do not, deleted fields are frozen', () => {
  const price = f('price', { type: 'Number', minValue: 1000, maxValue: 3000 });
  const others = [price, f('brand', { type: 'Text' })];
  const r = updateField(others, price, { label: 'Price (EUR)', schema: { type: 'Text', maxValue: 5000 } });
  assert.deepEqual(r, {
    ok: true,
    value: { ...price, label: 'Price (EUR)', schema: { type: 'Number', minValue: 1000, maxValue: 5000 } },
  });
  const removed = updateField(others, price, { schema: { minValue: null } });
  assert.deepEqual(removed.ok && removed.value.schema, { type: 'Number', maxValue: 3000 });
  const msg = (r: CustomMetadataResult<unknown>) => (r.ok ? 'ok' : r.message);
  assert.equal(msg(updateField(others, price, {})), 'Either label or schema should be provided.');
  assert.equal(msg(updateField(others, price, { name: 'cost', label: 'x' })), 'Name cannot be updated.');
  assert.equal(msg(updateField(others, price, { label: 'brand' })), 'A custom metadata field with this label already exists.');
  assert.equal(
    msg(updateField(others, { ...price, deleted: true }, { label: 'x' })),
    'Cannot update a deleted custom metadata fields.',
  );
  assert.match(msg(updateField(others, price, { schema: { minValue: 4000 } })), /minValue should not be greater than maxValue/);

  // description, which the official SDK sends: set, kept, cleared with ''.
  const described = updateField(others, price, { description: 'Retail price' });
  assert.equal(described.ok && described.value.description, 'Retail price');
  const kept = described.ok && updateField(others, described.value, { label: 'Cost' });
  assert.equal(kept && kept.ok && kept.value.description, 'Retail price');
  const cleared = described.ok && updateField(others, described.value, { description: '' });
  assert.ok(cleared && cleared.ok && !('description' in cleared.value));
  assert.equal(
    msg(createField([], { name: 'x', label: 'x', schema: { type: 'Text' }, description: 'd'.repeat(501) })),
    'Your request contains invalid description parameter. It can be at most 500 characters.',
  );
});

test('the field store persists atomically in the data folder and reads back after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ik-cmf-'));
  try {
    const files = await FileStore.open(dir);
    const store = customMetadataFieldsOf(files);
    assert.equal(customMetadataFieldsOf(files), store, 'one field store per media library');
    const made = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((n) => store.create({ name: n, label: n, schema: { type: 'Text' } })),
    );
    assert.ok(made.every((r) => r.ok), 'five concurrent creations all succeed');
    const first = made[0]!;
    assert.ok(first.ok);
    assert.deepEqual(await store.delete(first.value.id), { ok: true, value: null });
    assert.deepEqual(await store.delete(first.value.id), { ok: false, status: 404, message: 'No such custom metadata field exists.' });
    assert.deepEqual(await store.delete('nope'), { ok: false, status: 400, message: 'Your request contains invalid ID parameter.' });
    await files.flush();

    // No temp files left behind; the document holds exactly what was acknowledged.
    const docs = join(dir, 'docs');
    assert.deepEqual(readdirSync(docs).filter((n) => n.startsWith(CUSTOM_METADATA_FIELDS_DOC)), [`${CUSTOM_METADATA_FIELDS_DOC}.json`]);
    assert.equal(JSON.parse(readFileSync(join(docs, `${CUSTOM_METADATA_FIELDS_DOC}.json`), 'utf8')).length, 5);

    const reopened = customMetadataFieldsOf(await FileStore.open(dir));
    assert.notEqual(reopened, store);
    assert.deepEqual((await reopened.activeFields()).map((x) => x.name).sort(), ['b', 'c', 'd', 'e']);
    const all = await reopened.list(true);
    assert.equal(all.length, 5);
    assert.deepEqual(all.filter((x) => (x as { deleted?: boolean }).deleted).map((x) => x.name), ['a']);
    const again = await reopened.create({ name: 'a', label: 'a', schema: { type: 'Text' } });
    assert.equal(!again.ok && again.message, 'A custom metadata field with this name already exists.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
