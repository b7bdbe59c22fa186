import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { emulator, HELP, png, upload, type TestEmulator } from './emulator-helpers.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());

const text = Buffer.from('plain text, not an image');
const TRANSFORMATION_INVALID = 'The file could not be uploaded because the transformation field is invalid.';

/** Each bad input with the status and message the emulator answers; none of them stores anything. */
const cases: Array<{ name: string; fields: Record<string, string>; file?: Buffer | string; status: number; message: string }> = [
  { name: 'no file', fields: {}, file: undefined, status: 400, message: 'Your request is missing file parameter.' },
  { name: 'empty file', fields: {}, file: Buffer.alloc(0), status: 400, message: 'Your request is missing file parameter.' },
  { name: 'no fileName', fields: { fileName: '' }, status: 400, message: 'Your request is missing fileName parameter.' },
  { name: 'blank fileName', fields: { fileName: '   ' }, status: 400, message: 'Your request is missing fileName parameter.' },
  {
    name: 'file neither bytes, base64 nor URL',
    fields: {},
    file: 'this is not base64!',
    status: 400,
    message: 'Your request contains invalid file parameter. It is neither a file, a base64 string nor a URL.',
  },
  {
    name: 'tags with %',
    fields: { tags: 'a,100%' },
    status: 400,
    message: 'Your request contains invalid tags parameter. The character % is not allowed in tags.',
  },
  {
    name: 'tags over 500 characters',
    fields: { tags: `${'x'.repeat(250)},${'y'.repeat(250)}` }, // 501 characters with the comma
    status: 400,
    message: 'Your request contains invalid tags parameter. The maximum length of all characters should not exceed 500.',
  },
  ...['../up', 'a/./b', 'with space', 'semi;colon', 'dot.ted', 'nul\u0000byte', 'back\\slash', 'ünï\u202Ecode'].map((folder) => ({
    name: `folder ${JSON.stringify(folder)}`,
    fields: { folder },
    status: 400,
    message: 'Your request contains invalid folder parameter. A folder name can contain only letters, digits, and the characters /, _ and -.',
  })),
  {
    name: 'folder 51 levels deep',
    fields: { folder: Array.from({ length: 51 }, (_, i) => `l${i}`).join('/') },
    status: 400,
    message: 'Your request contains invalid folder parameter. Folders can be nested at most 50 levels deep.',
  },
  ...['1,2,3', '1,2,3,4,5', 'a,b,c,d', '1.5,2,3,4', '-1,2,3,4'].map((customCoordinates) => ({
    name: `customCoordinates ${customCoordinates}`,
    fields: { customCoordinates },
    status: 400,
    message: 'Your request contains invalid customCoordinates parameter. It should be four integers in the format x,y,width,height, e.g. 10,10,100,100.',
  })),
  ...(['useUniqueFileName', 'isPrivateFile', 'isPublished', 'overwriteFile', 'overwriteAITags', 'overwriteTags', 'overwriteCustomMetadata'] as const).map(
    (name) => ({
      name: `${name}=yes`,
      fields: { [name]: 'yes' },
      status: 400,
      message: `Your request contains invalid ${name} parameter. It should be true or false.`,
    }),
  ),
  {
    name: 'responseFields with an unknown name',
    fields: { responseFields: 'tags,secrets' },
    status: 400,
    message:
      'Your request contains invalid responseFields parameter. Accepted values are tags, customCoordinates, isPrivateFile, isPublished, embeddedMetadata, customMetadata, metadata, selectedFieldsSchema.',
  },
  {
    name: 'webhookUrl not a URL',
    fields: { webhookUrl: 'not a url' },
    status: 400,
    message: 'Your request contains invalid webhookUrl parameter. It should be an http or https URL.',
  },
  {
    name: 'webhookUrl with another scheme',
    fields: { webhookUrl: 'javascript:alert(1)' },
    status: 400,
    message: 'Your request contains invalid webhookUrl parameter. It should be an http or https URL.',
  },
  {
    name: 'customMetadata not JSON',
    fields: { customMetadata: '{brand:' },
    status: 400,
    message: 'Invalid custom metadata. customMetadata should be a JSON object.',
  },
  {
    name: 'customMetadata for a field never defined',
    fields: { customMetadata: '{"brand":"Nike"}' },
    status: 400,
    message: 'Invalid custom metadata. "brand" is not a defined custom metadata field; create it with the custom metadata fields API first.',
  },
  { name: 'extensions not JSON', fields: { extensions: '[{' }, status: 400, message: 'Your request contains invalid extensions parameter. It should be a JSON array.' },
  { name: 'extensions an object', fields: { extensions: '{"name":"remove-bg"}' }, status: 400, message: 'Your request contains invalid extensions parameter. It should be a JSON array.' },
  {
    name: 'extension with an unknown name',
    fields: { extensions: '[{"name":"make-it-pretty"}]' },
    status: 400,
    message: "Your request contains invalid extensions parameter. extensions[0].name 'make-it-pretty' is not an extension.",
  },
  {
    name: 'auto tagging without maxTags',
    fields: { extensions: '[{"name":"google-auto-tagging","minConfidence":80}]' },
    status: 400,
    message: 'Your request contains invalid extensions parameter. extensions[0].maxTags should be a positive integer.',
  },
  {
    name: 'auto tagging with minConfidence over 100',
    fields: { extensions: '[{"name":"aws-auto-tagging","minConfidence":101,"maxTags":5}]' },
    status: 400,
    message: 'Your request contains invalid extensions parameter. extensions[0].minConfidence should be an integer from 0 to 100.',
  },
  {
    name: 'remove-bg with both background options',
    fields: { extensions: '[{"name":"remove-bg","options":{"bg_color":"red","bg_image_url":"https://x.test/a.png"}}]' },
    status: 400,
    message: 'Your request contains invalid extensions parameter. extensions[0].options: set bg_color or bg_image_url, not both.',
  },
  {
    name: 'ai-tasks without tasks',
    fields: { extensions: '[{"name":"ai-tasks","tasks":[]}]' },
    status: 400,
    message: 'Your request contains invalid extensions parameter. extensions[0].tasks should be an array of 1 to 10 tasks.',
  },
  {
    name: 'ai-tasks with an unknown task type',
    fields: { extensions: '[{"name":"ai-tasks","tasks":[{"type":"guess","instruction":"?"}]}]' },
    status: 400,
    message: 'Your request contains invalid extensions parameter. extensions[0].tasks[0].type should be select_tags, select_metadata or yes_no.',
  },
  {
    name: 'a saved extension the emulator cannot have',
    fields: { extensions: '[{"name":"saved-extension","id":"ext_abc123"}]' },
    status: 400,
    message: "Your request contains invalid extensions parameter. extensions[0]: no saved extension has the id 'ext_abc123'.",
  },
  { name: 'transformation not JSON', fields: { transformation: 'rt-90' }, status: 400, message: TRANSFORMATION_INVALID },
  { name: 'transformation without pre or post', fields: { transformation: '{}' }, status: 400, message: TRANSFORMATION_INVALID },
  { name: 'transformation with an empty pre', fields: { transformation: '{"pre":""}' }, status: 400, message: TRANSFORMATION_INVALID },
  { name: 'transformation post not an array', fields: { transformation: '{"post":{"type":"transformation"}}' }, status: 400, message: TRANSFORMATION_INVALID },
  {
    name: 'post transformation without a value',
    fields: { transformation: '{"post":[{"type":"transformation"}]}' },
    status: 400,
    message: TRANSFORMATION_INVALID,
  },
  {
    name: 'post abs without a protocol',
    fields: { transformation: '{"post":[{"type":"abs","value":"sr-240_360"}]}' },
    status: 400,
    message: TRANSFORMATION_INVALID,
  },
  { name: 'post of an unknown type', fields: { transformation: '{"post":[{"type":"magic","value":"w-1"}]}' }, status: 400, message: TRANSFORMATION_INVALID },
  {
    name: 'transformation on a non-image',
    fields: { transformation: '{"pre":"w-100"}', fileName: 'notes.txt' },
    file: text,
    status: 400,
    message: 'The file could not be uploaded because transformations are supported only for image and video files.',
  },
  {
    name: 'gif-to-video on a PNG',
    fields: { transformation: '{"post":[{"type":"gif-to-video"}]}' },
    status: 400,
    message: 'The file could not be uploaded because the detected file type & post-transformation are incompatible.',
  },
  {
    name: 'abs on an image',
    fields: { transformation: '{"post":[{"type":"abs","value":"sr-240_360","protocol":"hls"}]}' },
    status: 400,
    message: 'The file could not be uploaded because the detected file type & post-transformation are incompatible.',
  },
];

test('every bad input gets its status and message, and nothing is stored', async () => {
  const image = await png(4, 4);
  for (const c of cases) {
    const res = await upload(emu, { file: 'file' in c ? c.file : image, fields: c.fields });
    assert.equal(res.status, c.status, `${c.name}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(res.body, { message: c.message, help: HELP }, c.name);
  }
  assert.equal(emu.store.list().length, 0);
});

test('the same parameters done right are accepted', async () => {
  const res = await upload(emu, {
    file: await png(4, 4),
    fields: {
      tags: `${'x'.repeat(250)},${'y'.repeat(249)}`, // exactly 500 characters
      folder: Array.from({ length: 50 }, (_, i) => `l${i}`).join('/'),
      customCoordinates: '0,0,4,4',
      webhookUrl: 'https://example.test/hook',
      transformation: '{"pre":"w-100,h-100:rt-90","post":[{"type":"transformation","value":"w-50"}]}',
      extensions:
        '[{"name":"remove-bg","options":{"add_shadow":true,"bg_colour":"green"}},{"name":"google-auto-tagging","maxTags":5,"minConfidence":95},{"name":"ai-auto-description"},{"name":"ai-tasks","tasks":[{"type":"yes_no","instruction":"Is it red?","on_yes":{"add_tags":["red"]}}]}]',
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.filePath.split('/').length, 52);
  // With a webhookUrl the (simulated) extensions run after the answer, and each ends in a webhook.
  assert.deepEqual(res.body.extensionStatus, {
    'remove-bg': 'pending',
    'google-auto-tagging': 'pending',
    'ai-auto-description': 'pending',
    'ai-tasks': 'pending',
  });
  assert.equal(res.body.AITags, null);
});
