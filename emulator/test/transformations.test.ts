import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { basic, emulator, PRIVATE_KEY, upload, type TestEmulator } from './emulator-helpers.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };
const GREEN = { r: 0, g: 255, b: 0 };

/** 400×300: the left half red, the right half blue, a green 20×20 mark in the top-left corner. */
async function halves(format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const block = (w: number, h: number, background: typeof RED) => sharp({ create: { width: w, height: h, channels: 3, background } }).png().toBuffer();
  const image = sharp({ create: { width: 400, height: 300, channels: 3, background: BLUE } }).composite([
    { input: await block(200, 300, RED), left: 0, top: 0 },
    { input: await block(20, 20, GREEN), left: 0, top: 0 },
  ]);
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

/** The colour at (x, y) of an image as served, and its size and format. */
async function served(url: string): Promise<{ width: number; height: number; format: string; at(x: number, y: number): number[]; bytes: Buffer }> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const meta = await sharp(bytes).metadata();
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    format: meta.format!,
    bytes,
    at: (x, y) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + info.channels)],
  };
}

function near(actual: number[], expected: typeof RED, what: string) {
  const want = [expected.r, expected.g, expected.b];
  assert.ok(actual.every((v, i) => Math.abs(v - want[i]!) <= 24), `${what}: ${actual} is not ${want}`);
}

const pre = (chain: string) => ({ transformation: JSON.stringify({ pre: chain }) });

test('cm-extract of the left half of a 400×300 image stores a 200×300 image of that half', async () => {
  const res = await upload(emu, { file: await halves(), fields: { fileName: 'crop.png', ...pre('cm-extract,x-0,y-0,w-200,h-300') } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.width, res.body.height], [200, 300]);
  assert.equal(res.headers.get('x-ik-emulator-warning'), null, 'everything was applied');
  const image = await served(res.body.url);
  assert.deepEqual([image.width, image.height, image.format], [200, 300, 'png']);
  near(image.at(10, 10), GREEN, 'the mark stays top-left');
  near(image.at(199, 150), RED, 'the right edge is from the red half');
  near(image.at(100, 299), RED, 'the bottom is red too');
  assert.equal(res.body.size, image.bytes.length);
});

test('a crop then rt-90, chained with ":" as ImageKit chains steps, is stored the right way round', async () => {
  const res = await upload(emu, { file: await halves(), fields: { fileName: 'turned.png', ...pre('cm-extract,x-0,y-0,w-200,h-300:rt-90') } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.width, res.body.height], [300, 200], 'portrait crop turned landscape');
  const image = await served(res.body.url);
  // Turned clockwise, the top-left corner goes to the top-right.
  near(image.at(289, 10), GREEN, 'the mark is now top-right');
  near(image.at(10, 10), RED, 'top-left is red');
  // The right half: the blue side, crop and rotation in one chain the other way.
  const right = await upload(emu, { file: await halves(), fields: { fileName: 'right.png', ...pre('cm-extract,x-200,y-0,w-200,h-300:rt-N90') } });
  const other = await served(right.body.url);
  assert.deepEqual([other.width, other.height], [300, 200]);
  near(other.at(150, 100), BLUE, 'the right half is blue');
});

test('crop coordinates are in the upright image: EXIF orientation is applied first, as ImageKit shows the photo', async () => {
  // Stored sideways (300 wide, 400 high) with orientation 6: upright it is the 400×300 image.
  const sideways = await sharp(await halves('jpeg')).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
  const meta = await sharp(sideways).metadata();
  assert.deepEqual([meta.width, meta.height, meta.orientation], [300, 400, 6]);
  const res = await upload(emu, { file: sideways, fields: { fileName: 'phone.jpg', ...pre('cm-extract,x-0,y-0,w-200,h-300') } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.width, res.body.height], [200, 300]);
  const image = await served(res.body.url);
  near(image.at(10, 10), GREEN, 'top-left of the upright photo');
  near(image.at(150, 200), RED, 'its left half');
  assert.equal((await sharp(image.bytes).metadata()).orientation, undefined, 'no orientation left to apply twice');
});

test('resize, crop modes, rotation, quality, format, grayscale and blur are applied with sharp', async () => {
  const source = await halves();
  const cases: Array<{ chain: string; size: [number, number]; format?: string; check?: (image: Awaited<ReturnType<typeof served>>) => void }> = [
    { chain: 'w-100', size: [100, 75] },
    { chain: 'h-150', size: [200, 150] },
    { chain: 'w-0.5', size: [200, 150] },
    { chain: 'w-200,ar-1-1', size: [200, 200] },
    { chain: 'w-100,h-100', size: [100, 100], check: (i) => (near(i.at(10, 50), RED, 'cover keeps the centre: left red'), near(i.at(90, 50), BLUE, 'right blue')) },
    { chain: 'w-100,h-100,fo-left', size: [100, 100], check: (i) => near(i.at(60, 50), RED, 'fo-left keeps the left side (centred, x 60 would be blue)') },
    { chain: 'w-100,h-100,c-force', size: [100, 100], check: (i) => near(i.at(2, 2), GREEN, 'squeezed whole, the mark is still in') },
    { chain: 'w-100,h-100,c-at_max', size: [100, 75] },
    { chain: 'w-1000,h-1000,c-at_max', size: [400, 300] },
    { chain: 'w-1000,h-1000,c-at_max_enlarge', size: [1000, 750] },
    { chain: 'w-100,h-100,c-at_least', size: [133, 100] },
    { chain: 'w-100,h-100,cm-pad_resize,bg-00FF00', size: [100, 100], check: (i) => (near(i.at(50, 2), GREEN, 'padded with bg'), near(i.at(10, 50), RED, 'image in the middle')) },
    { chain: 'cm-pad_extract,x-300,y-0,w-200,h-300,bg-00FF00', size: [200, 300], check: (i) => (near(i.at(10, 150), BLUE, 'inside'), near(i.at(190, 150), GREEN, 'padding')) },
    { chain: 'cm-extract,w-100,h-100', size: [100, 100], check: (i) => (near(i.at(10, 50), RED, 'centred extract'), near(i.at(90, 50), BLUE, 'across the middle')) },
    { chain: 'cm-extract,w-100,h-100,fo-bottom_right', size: [100, 100], check: (i) => near(i.at(50, 50), BLUE, 'bottom right is blue') },
    { chain: 'cm-extract,xc-100,yc-150,w-50,h-50', size: [50, 50], check: (i) => near(i.at(25, 25), RED, 'centred on 100,150') },
    { chain: 'rt-180', size: [400, 300], check: (i) => near(i.at(390, 290), GREEN, 'the mark turned to the bottom-right') },
    { chain: 'rt-270', size: [300, 400], check: (i) => near(i.at(10, 390), GREEN, 'rt-270 turns the mark to the bottom-left') },
    { chain: 'e-grayscale', size: [400, 300], check: (i) => assert.ok(new Set(i.at(300, 150)).size === 1 && new Set(i.at(100, 150)).size === 1, `gray: ${i.at(300, 150)}`) },
    { chain: 'f-webp', size: [400, 300], format: 'webp' },
    { chain: 'f-jpg,q-90', size: [400, 300], format: 'jpeg' },
    { chain: 'w-200:f-avif', size: [200, 150], format: 'heif' },
  ];
  for (const c of cases) {
    const res = await upload(emu, { file: source, fields: { fileName: 'x.png', ...pre(c.chain) } });
    assert.equal(res.status, 200, `${c.chain}: ${JSON.stringify(res.body)}`);
    assert.equal(res.headers.get('x-ik-emulator-warning'), null, `${c.chain}: ${res.headers.get('x-ik-emulator-warning')}`);
    assert.deepEqual([res.body.width, res.body.height], c.size, c.chain);
    const image = await served(res.body.url);
    assert.deepEqual([image.width, image.height, image.format], [...c.size, c.format ?? 'png'], c.chain);
    c.check?.(image);
  }
  // Quality and blur change the bytes the way a person would see: smaller files, softer edges.
  const sizeAt = async (chain: string) => (await upload(emu, { file: source, fields: { fileName: 'q.png', ...pre(chain) } })).body.size as number;
  assert.ok((await sizeAt('f-jpg,q-10')) < (await sizeAt('f-jpg,q-95')), 'q-10 is smaller than q-95');
  const blurred = await served((await upload(emu, { file: source, fields: { fileName: 'b.png', ...pre('bl-20') } })).body.url);
  const edge = blurred.at(200, 150);
  assert.ok(edge[0]! < 230 && edge[2]! < 230, `the red/blue edge is mixed: ${edge}`);
});

test('the same upload gives the same bytes: transformations are deterministic', async () => {
  const a = await upload(emu, { file: await halves(), fields: { fileName: 'd.png', ...pre('w-123,h-77,fo-auto:rt-90:e-grayscale,bl-3:f-webp,q-60') } });
  const b = await upload(emu, { file: await halves(), fields: { fileName: 'd.png', ...pre('w-123,h-77,fo-auto:rt-90:e-grayscale,bl-3:f-webp,q-60') } });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.deepEqual((await served(a.body.url)).bytes, (await served(b.body.url)).bytes);
});

test('a step the emulator does not apply is stored unapplied, named in x-ik-emulator-warning and in the log', async () => {
  const logged: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void logged.push(args.join(' '));
  try {
    const partly = await upload(emu, { file: await halves(), fields: { fileName: 'p.png', ...pre('w-100,e-sharpen-10:l-text,i-Hello,fs-20,l-end') } });
    assert.equal(partly.status, 200, JSON.stringify(partly.body));
    assert.deepEqual([partly.body.width, partly.body.height], [100, 75], 'what is simulated still applies');
    const header = partly.headers.get('x-ik-emulator-warning') ?? '';
    assert.match(header, /pre e-sharpen-10: not simulated by ik-emulator/);
    assert.match(header, /pre l-text,i-Hello,fs-20,l-end: layers are not simulated by ik-emulator/);
    assert.doesNotMatch(header, /w-100/);
    assert.ok(logged.some((line) => line.includes('e-sharpen-10') && line.includes(partly.body.filePath)), logged.join('\n'));

    const none = await upload(emu, { file: await halves(), fields: { fileName: 'n.png', ...pre('e-contrast') } });
    assert.deepEqual([none.body.width, none.body.height], [400, 300], 'nothing applicable: the original is stored');
    assert.match(none.headers.get('x-ik-emulator-warning') ?? '', /e-contrast: not simulated/);

    const odd = await upload(emu, { file: await halves(), fields: { fileName: 'o.png', ...pre('w-auto,rt-45,cm-extract,x-350,y-0,w-100,h-100') } });
    const oddHeader = odd.headers.get('x-ik-emulator-warning') ?? '';
    assert.match(oddHeader, /w-auto: ik-emulator applies w only as whole pixels/);
    assert.match(oddHeader, /rt-45: ik-emulator applies rt only as 0, 90/);
    assert.match(oddHeader, /cm-extract: the area 100x100 at 350,0 reaches outside the 400x300 image: cut to 50x100 at 350,0/);
    assert.deepEqual([odd.body.width, odd.body.height], [50, 100]);

    const post = await upload(emu, {
      file: await halves(),
      fields: { fileName: 'post.png', transformation: JSON.stringify({ post: [{ type: 'transformation', value: 'w-50,e-sharpen' }, { type: 'transformation', value: 'w-60' }] }) },
    });
    assert.match(post.headers.get('x-ik-emulator-warning') ?? '', /^post transformation w-50,e-sharpen: e-sharpen: not simulated by ik-emulator/);
  } finally {
    console.warn = warn;
  }
});

test('URLs serve simulated transformations, as ?tr= and as /tr:, and refuse the others by name', async () => {
  const res = await upload(emu, { file: await halves(), fields: { fileName: 'served.png', useUniqueFileName: 'false' } });
  const query = await served(`${res.body.url}?tr=w-100,h-100:rt-90`);
  assert.deepEqual([query.width, query.height], [100, 100]);
  const path = await served(`${emu.urlEndpoint}/tr:cm-extract,x-0,y-0,w-200,h-300,f-jpg${res.body.filePath}`);
  assert.deepEqual([path.width, path.height, path.format], [200, 300, 'jpeg']);
  near(path.at(100, 150), RED, 'the left half');
  const refused = await fetch(`${res.body.url}?tr=w-100,e-sharpen`);
  assert.equal(refused.status, 400);
  assert.match((await refused.json()).message, /e-sharpen: not simulated by ik-emulator/);
  const original = await served(res.body.url);
  assert.deepEqual([original.width, original.height], [400, 300]);
});

test('the official Node SDK uploads with a pre-transformation and customCoordinates, as a CMS would', async () => {
  const client = new ImageKit({ privateKey: PRIVATE_KEY, baseURL: emu.url });
  const file = await client.files.upload({
    file: await toFile(await halves(), 'sdk.png'),
    fileName: 'sdk.png',
    transformation: { pre: 'cm-extract,x-0,y-0,w-200,h-300:rt-90' },
    customCoordinates: '10,20,100,50',
    responseFields: ['customCoordinates'],
  });
  assert.deepEqual([file.width, file.height, file.customCoordinates], [300, 200, '10,20,100,50']);
  const details = await fetch(`${emu.url}/v1/files/${file.fileId}/details`, { headers: { Authorization: basic(PRIVATE_KEY) } }).then((r) => r.json());
  assert.equal(details.customCoordinates, '10,20,100,50');
  assert.deepEqual([details.width, details.height], [300, 200]);
});
