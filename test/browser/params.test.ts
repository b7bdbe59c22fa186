import { expect } from '@esm-bundle/chai';
import { InvalidJson, serializeParams, mergeParams } from '../../src/core/params.js';
import { validateParams } from '../../src/core/validate-params.js';
import { UploadError } from '../../src/core/errors.js';
import type { UploadParams } from '../../src/core/types.js';

/** Valid values and the exact form fields ImageKit receives for them. */
const SENT: Array<[UploadParams, Record<string, string>]> = [
  [{ fileName: 'my photo.jpg' }, { fileName: 'my photo.jpg' }],
  [{ useUniqueFileName: false }, { useUniqueFileName: 'false' }],
  [{ useUniqueFileName: true }, { useUniqueFileName: 'true' }],
  [{ tags: ['t-shirt', 'round-neck', 'men'] }, { tags: 't-shirt,round-neck,men' }],
  [{ tags: 'a,b' }, { tags: 'a,b' }],
  [{ tags: ['x'.repeat(500)] }, { tags: 'x'.repeat(500) }],
  [{ folder: '/images/products/' }, { folder: '/images/products/' }],
  [{ folder: '/फ़ोटो/été_2024-a' }, { folder: '/फ़ोटो/été_2024-a' }],
  [{ folder: '/' + Array(50).fill('a').join('/') }, { folder: '/' + Array(50).fill('a').join('/') }],
  [{ isPrivateFile: true }, { isPrivateFile: 'true' }],
  [{ isPublished: false }, { isPublished: 'false' }],
  [{ customCoordinates: '10,10,100,100' }, { customCoordinates: '10,10,100,100' }],
  [{ responseFields: ['tags', 'customCoordinates', 'isPrivateFile'] }, { responseFields: 'tags,customCoordinates,isPrivateFile' }],
  [{ responseFields: 'embeddedMetadata,metadata' }, { responseFields: 'embeddedMetadata,metadata' }],
  [
    { extensions: [{ name: 'remove-bg', options: { add_shadow: true } }, { name: 'google-auto-tagging', maxTags: 5, minConfidence: 95 }] },
    { extensions: '[{"name":"remove-bg","options":{"add_shadow":true}},{"name":"google-auto-tagging","maxTags":5,"minConfidence":95}]' },
  ],
  [
    { extensions: [{ name: 'ai-tasks', tasks: [{ type: 'yes_no', instruction: 'Is it red?' }] }, { name: 'saved-extension', id: 'ext_1' }] },
    { extensions: '[{"name":"ai-tasks","tasks":[{"type":"yes_no","instruction":"Is it red?"}]},{"name":"saved-extension","id":"ext_1"}]' },
  ],
  [{ webhookUrl: 'https://example.com/hook' }, { webhookUrl: 'https://example.com/hook' }],
  [{ overwriteFile: false }, { overwriteFile: 'false' }],
  [{ overwriteAITags: false }, { overwriteAITags: 'false' }],
  [{ overwriteTags: true }, { overwriteTags: 'true' }],
  [{ overwriteCustomMetadata: false }, { overwriteCustomMetadata: 'false' }],
  [{ customMetadata: { brand: 'Nike', price: 10, sale: true } }, { customMetadata: '{"brand":"Nike","price":10,"sale":true}' }],
  [{ transformation: { pre: 'rt-90', post: [{ type: 'transformation', value: 'bg-red' }] } }, { transformation: '{"pre":"rt-90","post":[{"type":"transformation","value":"bg-red"}]}' }],
  [{ transformation: { post: [{ type: 'abs', value: 'sr-240_360', protocol: 'hls' }, { type: 'thumbnail' }] } }, { transformation: '{"post":[{"type":"abs","value":"sr-240_360","protocol":"hls"},{"type":"thumbnail"}]}' }],
  [{ checks: '"file.size" < "1mb"' }, { checks: '"file.size" < "1mb"' }],
  [{ description: 'A red dress' }, { description: 'A red dress' }],
  [{}, {}],
  [{ tags: undefined, folder: undefined, isPrivateFile: undefined }, {}],
];

/** Invalid values and the message that refuses each, naming the parameter. */
const REFUSED: Array<[unknown, string]> = [
  [{ fileName: '' }, 'fileName: must be a non-empty string; got "".'],
  [{ useUniqueFileName: 'no' }, 'useUniqueFileName: must be true or false; got "no".'],
  [{ isPrivateFile: 1 }, 'isPrivateFile: must be true or false; got 1.'],
  [{ tags: ['50%-off'] }, 'tags: "%" is not allowed in a tag ("50%-off").'],
  [{ tags: ['x'.repeat(501)] }, 'tags: 501 characters in all; ImageKit allows at most 500.'],
  [{ tags: ['a'.repeat(300), 'b'.repeat(201)] }, 'tags: 501 characters in all; ImageKit allows at most 500.'],
  [{ tags: ['red,blue'] }, 'tags: a tag cannot contain a comma ("red,blue"): tags are sent comma-separated.'],
  [{ tags: 'a,,b' }, 'tags: contains an empty tag ("a,,b").'],
  [{ tags: [1, 2] }, 'tags: must be an array of strings or a comma-separated string; got [1,2].'],
  [{ folder: '/my photos' }, 'folder: "/my photos" contains " "; a folder may contain only letters, digits, "/", "_" and "-".'],
  [{ folder: '/a.b' }, 'folder: "/a.b" contains "."; a folder may contain only letters, digits, "/", "_" and "-".'],
  [{ folder: '/' + Array(51).fill('a').join('/') }, 'folder: 51 levels deep; ImageKit allows at most 50.'],
  [{ customCoordinates: '10,10,100' }, 'customCoordinates: must be "x,y,width,height" in whole pixels, like "10,10,100,100"; got "10,10,100".'],
  [{ customCoordinates: '1.5,0,10,10' }, 'customCoordinates: must be "x,y,width,height" in whole pixels, like "10,10,100,100"; got "1.5,0,10,10".'],
  [{ responseFields: ['tags', 'fileSize'] }, 'responseFields: "fileSize" is not a response field (allowed: tags, customCoordinates, isPrivateFile, embeddedMetadata, isPublished, customMetadata, metadata, selectedFieldsSchema).'],
  [{ extensions: { name: 'remove-bg' } }, 'extensions: must be an array of extension objects; got {"name":"remove-bg"}.'],
  [{ extensions: [{ name: 'google-auto-tagging', maxTags: 5 }] }, 'extensions[0].minConfidence: must be a whole number for "google-auto-tagging"; got nothing.'],
  [{ extensions: [{ name: 'magic' }] }, 'extensions[0].name: unknown extension "magic" (known: remove-bg, google-auto-tagging, aws-auto-tagging, ai-auto-description, ai-tasks, saved-extension).'],
  [{ extensions: [{ name: 'ai-tasks', tasks: [] }] }, 'extensions[0].tasks: must be an array of 1 to 10 tasks; got [].'],
  [{ webhookUrl: '/relative/hook' }, 'webhookUrl: must be an absolute http(s) URL; got "/relative/hook".'],
  [{ customMetadata: ['a'] }, 'customMetadata: must be a JSON object of field names to values; got ["a"].'],
  [{ customMetadata: 'brand=Nike' }, 'customMetadata: must be a JSON object of field names to values; got "brand=Nike".'],
  [{ customMetadata: new InvalidJson('{brand: Nike}', 'Expected property name') }, 'customMetadata: not valid JSON (Expected property name): {brand: Nike}'],
  [{ transformation: {} }, 'transformation: include at least "pre", "post", or both.'],
  [{ transformation: { pre: '' } }, 'transformation.pre: must be a non-empty transformation string like "w-300,h-300"; got "".'],
  [{ transformation: { post: { type: 'thumbnail' } } }, 'transformation.post: must be an array of steps; got {"type":"thumbnail"}.'],
  [{ transformation: { post: [{ type: 'transformation' }] } }, 'transformation.post[0].value: is required for type "transformation".'],
  [{ transformation: { post: [{ type: 'abs', value: 'sr-240' }] } }, 'transformation.post[0].protocol: must be "hls" or "dash" for type "abs"; got nothing.'],
  [{ transformation: { post: [{ type: 'resize' }] } }, 'transformation.post[0].type: must be one of transformation, gif-to-video, thumbnail, abs; got "resize".'],
  [{ transformation: { pre: 'w-10', extra: 1 } }, 'transformation: unknown key "extra"; only "pre" and "post" are allowed.'],
  [{ checks: '' }, 'checks: must be a non-empty string like \'"file.size" < "1mb"\'; got "".'],
  [{ description: 42 }, 'description: must be a string; got 42.'],
  [{ foldr: '/typo' }, 'foldr: not an ImageKit upload parameter (known: fileName, useUniqueFileName, tags, folder, isPrivateFile, isPublished, customCoordinates, responseFields, extensions, webhookUrl, overwriteFile, overwriteAITags, overwriteTags, overwriteCustomMetadata, customMetadata, transformation, checks, description).'],
];

describe('upload parameters', () => {
  for (const [params, fields] of SENT) {
    it(`sends ${JSON.stringify(params).slice(0, 70)} as ${JSON.stringify(fields).slice(0, 70)}`, () => {
      validateParams(params);
      expect(Object.fromEntries(serializeParams(params))).to.deep.equal(fields);
    });
  }

  for (const [params, message] of REFUSED) {
    it(`refuses ${JSON.stringify(params).slice(0, 80)}`, () => {
      let caught: unknown;
      try {
        validateParams(params as UploadParams);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(UploadError);
      expect((caught as UploadError).code).to.equal('invalid-parameter');
      expect((caught as UploadError).message).to.equal(message);
    });
  }

  it('merges per-file parameters over the element\'s, keeping an override of false', () => {
    const merged = mergeParams(
      { useUniqueFileName: true, folder: '/all', tags: ['a'], isPrivateFile: true },
      { useUniqueFileName: false, folder: '/one', tags: undefined, isPrivateFile: false },
    );
    expect(merged).to.deep.equal({ useUniqueFileName: false, folder: '/one', tags: ['a'], isPrivateFile: false });
    expect(serializeParams(merged)).to.deep.equal([
      ['useUniqueFileName', 'false'], ['tags', 'a'], ['folder', '/one'], ['isPrivateFile', 'false'],
    ]);
  });
});
