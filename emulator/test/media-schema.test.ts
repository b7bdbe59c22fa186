import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesSchema, operationErrors, schemaErrors } from './schema.js';

// Seed 002's file object, verbatim but for fewer AITags and an empty embeddedMetadata object
// where the seed shows null: the spec's schema says object (issue 14), and so does the emulator.
const seedFile = {
  type: 'file',
  name: 'sample-car.jpeg',
  createdAt: '2021-12-11T00:58:39.685Z',
  updatedAt: '2022-05-19T10:57:07.511Z',
  fileId: '61b3f7bf75889b0b19970117',
  tags: ['luxury'],
  AITags: [{ name: 'Wheel', confidence: 95.44, source: 'google-auto-tagging' }],
  versionInfo: { id: '61b3f7bf75889b0b19970117', name: 'Version 1' },
  embeddedMetadata: {},
  customCoordinates: null,
  customMetadata: {},
  isPrivateFile: false,
  url: 'https://ik.imagekit.io/demo/sample-car.jpeg',
  thumbnail: 'https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/sample-car.jpeg',
  fileType: 'image',
  filePath: '/sample-car.jpeg',
  height: 638,
  width: 1342,
  size: 1451076,
  hasAlpha: true,
  mime: 'image/png',
};

const seedUpload = {
  fileId: '598821f949c0a938d57563bd',
  name: 'file1.jpg',
  size: 7378,
  versionInfo: { id: '598821f949c0a938d57563bd', name: 'Version 1' },
  filePath: '/images/products/file1.jpg',
  url: 'https://ik.imagekit.io/your_imagekit_id/images/products/file1.jpg',
  fileType: 'image',
  height: 300,
  width: 200,
  thumbnailUrl: 'https://ik.imagekit.io/your_imagekit_id/tr:n-ik_ml_thumbnail/images/products/file1.jpg',
  AITags: null,
};

test('the seeds\' own examples match the spec schemas', () => {
  assertMatchesSchema('FileDetails', seedFile);
  assertMatchesSchema('Upload', seedUpload);
  assertMatchesSchema('CustomMetadataField', {
    id: '598821f949c0a938d57563dd',
    name: 'price',
    label: 'price',
    schema: { type: 'Number', minValue: 1000, maxValue: 3000 },
  });
});

test('a missing, misspelled or mistyped field fails, naming the field', () => {
  const { mime: _mime, ...noMime } = seedFile;
  assert.match(schemaErrors('FileDetails', noMime).join('\n'), /mime/);
  assert.match(schemaErrors('FileDetails', { ...seedFile, thumbnailUrl: seedFile.thumbnail }).join('\n'), /thumbnailUrl/);
  assert.match(schemaErrors('FileDetails', { ...seedFile, size: '1451076' }).join('\n'), /\/size must be number/);
  assert.match(schemaErrors('FileDetails', { ...seedFile, createdAt: 'yesterday' }).join('\n'), /createdAt must match format/);
  assert.match(schemaErrors('FileDetails', { ...seedFile, tags: 'luxury' }).join('\n'), /\/tags must be array,null/);
  assert.match(schemaErrors('FileDetails', { ...seedFile, embeddedMetadata: null }).join('\n'), /\/embeddedMetadata must be object/);
  const { thumbnailUrl: _t, ...noThumb } = seedUpload;
  assert.match(schemaErrors('Upload', noThumb).join('\n'), /thumbnailUrl/);
  assert.match(schemaErrors('Upload', { ...seedUpload, fileType: 'non-image' }).join('\n'), /NOT be valid/);
  assert.match(
    schemaErrors('Upload', { ...seedUpload, extensionStatus: { 'google-auto-tagging': 'done' } }).join('\n'),
    /must be equal to one of the allowed values/,
  );
  assert.match(
    schemaErrors('CustomMetadataField', { id: 'x', name: 'n', label: 'l', schema: { type: 'Text', minValue: 1 } }).join('\n'),
    /\/schema/,
  );
  assert.match(schemaErrors('CustomMetadataField', { id: 'x', name: 'n', label: 'l', schema: { type: 'SingleSelect' } }).join('\n'), /selectOptions/);
});

test("an operation's answer is checked against its own schema in the spec's paths, closed to unnamed keys", () => {
  assert.deepEqual(operationErrors('get', '/v1/bulkJobs/{jobId}', 200, { jobId: 'j', type: 'COPY_FOLDER', status: 'Completed' }), []);
  assert.match(operationErrors('get', '/v1/bulkJobs/{jobId}', 200, { jobId: 'j', type: 'COPY', status: 'Completed' }).join('\n'), /\/type must be equal to one of the allowed values/);
  assert.match(operationErrors('get', '/v1/bulkJobs/{jobId}', 200, { jobId: 'j', status: 'Done', extra: 1 }).join('\n'), /unevaluated properties.*extra/);
  // Items of a list are closed too, through the spec's $refs.
  assert.match(operationErrors('get', '/v1/files/{fileId}/versions', 200, [{ ...seedFile, thumbnailUrl: 'x' }]).join('\n'), /thumbnailUrl/);
  assert.match(operationErrors('post', '/v1/files/addTags', 404, { message: 'm', help: 'h', missing: [] }).join('\n'), /missing/);
  // The shared 401 / 403 answers are $refs to components.responses.
  assert.deepEqual(operationErrors('post', '/v1/files/copy', 401, { message: 'Your request does not contain private API key.', help: 'h' }), []);
  // A 204 has no body.
  assert.deepEqual(operationErrors('post', '/v1/files/move', 204, null), []);
  assert.match(operationErrors('post', '/v1/files/move', 204, {}).join('\n'), /204 answer has a body/);
  assert.throws(() => operationErrors('post', '/v1/files/move', 299, {}), /lists no 299 answer/);
  // The SDK-only operations: every field of the SDK's type is required.
  assert.match(operationErrors('get', '/v1/named-transformations/{id}', 200, { id: 'x', name: 'n', transformation: 'w-1' }).join('\n'), /createdAt/);
  assert.match(operationErrors('get', '/v1/accounts/usage-analytics', 200, { bandwidthBytes: 1 }).join('\n'), /requestCount/);
});
