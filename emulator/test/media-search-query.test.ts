import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearchQuery } from '../src/search-query.js';
import type { FileRecord } from '../src/store.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const DAY = 86400e3;

function file(name: string, opts: { folder?: string; tags?: string[]; size?: number; width?: number; ageDays?: number; mime?: string; meta?: Record<string, unknown>; isPrivateFile?: boolean }): FileRecord {
  const created = new Date(NOW - (opts.ageDays ?? 0) * DAY).toISOString();
  const mime = opts.mime ?? 'image/jpeg';
  return {
    type: 'file',
    fileId: name.padEnd(24, '0').slice(0, 24),
    name,
    filePath: `${opts.folder ?? '/'}${name}`,
    createdAt: created,
    updatedAt: created,
    tags: opts.tags ?? null,
    AITags: null,
    customCoordinates: null,
    customMetadata: opts.meta ?? {},
    isPrivateFile: opts.isPrivateFile ?? false,
    isPublished: true,
    versions: [{
      id: name, name: 'Version 1', createdAt: created, size: opts.size ?? 100, mime,
      fileType: mime.startsWith('image/') ? 'image' : 'non-image', width: opts.width, height: opts.width, hasAlpha: false,
      embeddedMetadata: null,
    }],
  };
}

const library = [
  file('red-dress-summer.jpg', { folder: '/shop/', tags: ['summer-sale', 'red'], size: 2 * 1024 * 1024, width: 800, ageDays: 1, meta: { brand: 'Nike', price: 1200 } }),
  file('red-dress-winter.jpg', { folder: '/shop/winter/', tags: ['red'], size: 300 * 1024, width: 400, ageDays: 10, meta: { brand: 'Puma', price: 2500 } }),
  file('banner.png', { folder: '/', tags: ['banner'], size: 50 * 1024, width: 1200, ageDays: 40, mime: 'image/png', isPrivateFile: true }),
  file('notes.txt', { folder: '/docs/', size: 10, ageDays: 400, mime: 'text/plain' }),
];

function names(query: string): string[] {
  const match = parseSearchQuery(query, NOW);
  return library.filter(match).map((f) => f.name);
}

test('name: exact with =, prefix with :, case-sensitive', () => {
  assert.deepEqual(names('name = "red-dress-summer.jpg"'), ['red-dress-summer.jpg']);
  assert.deepEqual(names('name : "red-dress"'), ['red-dress-summer.jpg', 'red-dress-winter.jpg']);
  assert.deepEqual(names('name : "Red"'), []);
});

test('createdAt with relative units and ISO dates (UTC when no zone)', () => {
  assert.deepEqual(names('createdAt > "7d"'), ['red-dress-summer.jpg']);
  assert.deepEqual(names('createdAt < 2w AND createdAt > "1y"'), ['banner.png']);
  assert.deepEqual(names('createdAt < 2025-06-15'), ['notes.txt']);
  assert.deepEqual(names('updatedAt >= "2026-06-14T12:00:00"'), ['red-dress-summer.jpg']);
});

test('size with units, width, AND/OR and parentheses as in ImageKit\'s example', () => {
  assert.deepEqual(names('(size < "1mb" AND width > 500) OR (tags IN ["summer-sale","banner"])'), ['red-dress-summer.jpg', 'banner.png']);
  assert.deepEqual(names('size >= 300kb AND size <= "2mb"'), ['red-dress-summer.jpg', 'red-dress-winter.jpg']);
});

test('tags, NOT IN, path, format, private and customMetadata keys', () => {
  assert.deepEqual(names('tags NOT IN ["red"]'), ['banner.png', 'notes.txt']);
  assert.deepEqual(names('path : "/shop/"'), ['red-dress-summer.jpg', 'red-dress-winter.jpg']);
  assert.deepEqual(names('path = "/shop"'), ['red-dress-summer.jpg']);
  assert.deepEqual(names('format IN ["png", "txt"]'), ['banner.png']);
  assert.deepEqual(names('private = true'), ['banner.png']);
  assert.deepEqual(names('customMetadata.brand = "Nike" OR customMetadata.price > 2000'), ['red-dress-summer.jpg', 'red-dress-winter.jpg']);
});

test('malformed queries are refused with the reason', () => {
  const cases: Array<[string, string]> = [
    ['name = "open', 'A quoted value is not closed.'],
    ['(name = "a"', 'The query ends too early.'],
    ['name "a"', 'Expected an operator after name, found "a".'],
    ['tags IN "a"', 'IN needs a list like ["a","b"] for tags.'],
    ['tags NOT "a"', 'Expected IN after NOT for tags.'],
    ['createdAt > "last week"', 'createdAt needs an ISO 8601 date or a relative time like "7d".'],
    ['   ', 'The query is empty.'],
  ];
  for (const [query, detail] of cases) {
    assert.throws(() => parseSearchQuery(query, NOW), {
      status: 400,
      message: `Your request contains invalid syntax for the searchQuery parameter. ${detail}`,
    }, query);
  }
});
