import { expect } from '@esm-bundle/chai';
import { authCalls, cleanup, makeBytes, makePng, mount, nextEvent, uniqueFolder, library } from './helpers.js';

afterEach(cleanup);

async function captured() {
  return (await fetch('/capture/last')).json();
}
async function captureCount(): Promise<number> {
  return (await (await fetch('/capture/count')).json()).count;
}

describe('<ik-uploader> upload parameters on the wire', () => {
  it('sends only auth, fileName and the file when no parameter is set; the file goes last', async () => {
    const el = await mount({ 'upload-endpoint': '/capture/upload' });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('plain name.bin', 321)]);
    await success;
    const { fields, fieldOrder, file } = await captured();
    expect(fieldOrder).to.deep.equal(['publicKey', 'signature', 'expire', 'token', 'fileName', 'file']);
    expect(fields.fileName).to.equal('plain name.bin');
    expect(fields.expire).to.match(/^\d{10}$/);
    expect(fields.signature).to.match(/^[0-9a-f]{40}$/);
    expect(file).to.deep.equal({ fieldName: 'file', fileName: 'plain name.bin', mimeType: 'application/octet-stream', size: 321 });
  });

  it('sends every parameter set as a kebab-case attribute exactly as ImageKit expects', async () => {
    const el = await mount({
      'upload-endpoint': '/capture/upload',
      'file-name': 'chosen-name.jpg',
      'use-unique-file-name': 'false',
      tags: 't-shirt,round-neck',
      folder: '/products/shirts',
      'is-private-file': true,
      'is-published': 'false',
      'custom-coordinates': '10,10,100,100',
      'response-fields': 'tags,customCoordinates',
      extensions: '[{"name":"google-auto-tagging","maxTags":5,"minConfidence":95}]',
      'webhook-url': 'https://example.com/ik-hook',
      'overwrite-file': 'false',
      'overwrite-ai-tags': 'false',
      'overwrite-tags': 'true',
      'overwrite-custom-metadata': 'false',
      'custom-metadata': '{"brand": "Nike", "price": 10}',
      transformation: '{"pre": "rt-90", "post": [{"type": "thumbnail", "value": "w-150"}]}',
      checks: '"file.size" < "1mb"',
      description: 'A shirt <b>not bold</b>',
    });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('original.bin', 10)]);
    await success;
    const { fields, fieldOrder } = await captured();
    const { publicKey, signature, expire, token, ...params } = fields;
    expect([publicKey, typeof signature, typeof expire, typeof token]).to.deep.equal([window.IK_TEST.publicKey, 'string', 'string', 'string']);
    expect(params).to.deep.equal({
      fileName: 'chosen-name.jpg',
      useUniqueFileName: 'false',
      tags: 't-shirt,round-neck',
      folder: '/products/shirts',
      isPrivateFile: 'true',
      isPublished: 'false',
      customCoordinates: '10,10,100,100',
      responseFields: 'tags,customCoordinates',
      extensions: '[{"name":"google-auto-tagging","maxTags":5,"minConfidence":95}]',
      webhookUrl: 'https://example.com/ik-hook',
      overwriteFile: 'false',
      overwriteAITags: 'false',
      overwriteTags: 'true',
      overwriteCustomMetadata: 'false',
      customMetadata: '{"brand":"Nike","price":10}',
      transformation: '{"pre":"rt-90","post":[{"type":"thumbnail","value":"w-150"}]}',
      checks: '"file.size" < "1mb"',
      description: 'A shirt <b>not bold</b>',
    });
    expect(fieldOrder.at(-1)).to.equal('file');
  });

  it('takes camelCase properties too, arrays and objects included', async () => {
    const el = await mount({ 'upload-endpoint': '/capture/upload' });
    el.tags = ['a', 'b'];
    el.responseFields = ['isPrivateFile', 'metadata'];
    el.customMetadata = { sku: 'X-1' };
    el.useUniqueFileName = false;
    el.overwriteFile = true;
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('p.bin', 1)]);
    await success;
    const { fields } = await captured();
    expect([fields.tags, fields.responseFields, fields.customMetadata, fields.useUniqueFileName, fields.overwriteFile])
      .to.deep.equal(['a,b', 'isPrivateFile,metadata', '{"sku":"X-1"}', 'false', 'true']);
  });

  const refused: Array<[Record<string, string>, string]> = [
    [{ 'custom-metadata': '{brand: Nike}' }, 'customMetadata: not valid JSON'],
    [{ tags: 'sale,50%' }, 'tags: "%" is not allowed in a tag ("50%").'],
    [{ folder: '/my folder' }, 'folder: "/my folder" contains " "'],
    [{ 'custom-coordinates': '1,2,3' }, 'customCoordinates: must be "x,y,width,height"'],
    [{ 'response-fields': 'tags,everything' }, 'responseFields: "everything" is not a response field'],
    [{ transformation: '{"post":[{"type":"abs","value":"sr-240"}]}' }, 'transformation.post[0].protocol: must be "hls" or "dash"'],
    [{ extensions: '{"name":"remove-bg"}' }, 'extensions: must be an array of extension objects'],
    [{ 'webhook-url': 'not a url' }, 'webhookUrl: must be an absolute http(s) URL'],
  ];
  for (const [attrs, message] of refused) {
    it(`refuses ${JSON.stringify(attrs)} before any request`, async () => {
      const el = await mount({ 'upload-endpoint': '/capture/upload', retries: '3', ...attrs });
      const [auth, uploads] = [await authCalls(), await captureCount()];
      const error = nextEvent(el, 'ik-upload-error');
      el.addFiles([makeBytes('refused.bin', 5)]);
      const { error: e } = await error;
      expect(e.code).to.equal('invalid-parameter');
      expect(e.message.startsWith(message), e.message).to.equal(true);
      expect(await authCalls()).to.equal(auth);
      expect(await captureCount()).to.equal(uploads);
    });
  }
});

describe('<ik-uploader> upload parameters at the emulator', () => {
  it('round-trips what the response can show', async () => {
    const folder = uniqueFolder('params');
    const el = await mount({
      folder,
      'file-name': 'summer sale.png',
      'use-unique-file-name': 'false',
      tags: 'summer,sale',
      'is-private-file': 'true',
      'custom-coordinates': '1,2,3,4',
      'response-fields': 'tags,customCoordinates,isPrivateFile,isPublished',
      description: 'Poster',
    });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([await makePng('ignored.png', 5, 5)]);
    const { response } = await success;
    expect(response.name).to.equal('summer_sale.png');
    expect(response.filePath).to.equal(`${folder}/summer_sale.png`);
    expect(response.tags).to.deep.equal(['summer', 'sale']);
    expect(response.customCoordinates).to.equal('1,2,3,4');
    expect(response.isPrivateFile).to.equal(true);
    expect(response.isPublished).to.equal(true);
    expect(await library(folder)).to.have.length(1);
  });

  it('round-trips the JSON parameters: customMetadata, transformation, extensions', async () => {
    const field = `brand_${Date.now().toString(36)}`;
    const defined = await fetch('/library/fields', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: field, label: field, schema: { type: 'Text' } }),
    });
    expect(defined.status, await defined.clone().text()).to.equal(201);
    const folder = uniqueFolder('json-params');
    const el = await mount({
      folder,
      'custom-metadata': JSON.stringify({ [field]: 'Nike' }),
      transformation: '{"pre": "w-10"}',
      extensions: '[{"name": "google-auto-tagging", "maxTags": 5, "minConfidence": 95}]',
      'response-fields': 'customMetadata',
    });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([await makePng('wide.png', 40, 20)]);
    const { response } = await success;
    expect(response.customMetadata).to.deep.equal({ [field]: 'Nike' });
    expect([response.width, response.height]).to.deep.equal([10, 5]);
    // The emulator's auto-tagging is simulated from the pixels (deterministic): minConfidence 95 keeps the shape only.
    expect(response.extensionStatus).to.deep.equal({ 'google-auto-tagging': 'success' });
    expect(response.AITags).to.deep.equal([{ name: 'Landscape', confidence: 99, source: 'google-auto-tagging' }]);
  });

  it('passes the emulator\'s refusal of an undefined custom metadata field through', async () => {
    const el = await mount({ folder: uniqueFolder('cm-refused'), 'custom-metadata': '{"never_defined_field": 1}' });
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('x.bin', 3)]);
    const { error: e } = await error;
    expect(e.code).to.equal('invalid-request');
    expect(e.status).to.equal(400);
    expect(e.message).to.be.a('string').and.not.equal('');
    expect(el.items[0]!.attempts, 'a 400 is not retried').to.equal(1);
  });

  it('gives each file its own folder and name from beforeUpload; false in an override stays false', async () => {
    const folder = uniqueFolder('hook');
    const el = await mount({ folder, 'use-unique-file-name': 'true', tags: 'all' });
    el.beforeUpload = (file) => ({ folder: `${folder}/${file.name.split('.')[0]}`, useUniqueFileName: false, tags: ['own'] });
    el.responseFields = ['tags'];
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('alpha.bin', 3), makeBytes('beta.bin', 4)]);
    const { successful, failed } = await complete;
    expect(failed).to.deep.equal([]);
    const paths = successful.map((s: any) => [s.response.filePath, s.response.tags]).sort();
    expect(paths).to.deep.equal([
      [`${folder}/alpha/alpha.bin`, ['own']],
      [`${folder}/beta/beta.bin`, ['own']],
    ]);
  });
});
