// The two packages as npm users get them: each built, packed, installed from its tarball into a
// fresh project of its own, and used from there, so a file missing from `files`, a wrong `exports`
// entry or a dependency left out fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { isListening, startProcess } from './util.js';
import { build } from 'vite';

const run = promisify(execFile);

/**
 * What the emulator needs and an app installing the widget must not get. (exifr is the widget's too:
 * its thumbnail worker reads a camera photo's embedded preview with exifr's mini build.)
 */
const EMULATOR_ONLY = ['ik-emulator', 'sharp', '@fastify/busboy', 'busboy', 'file-type', 'image-size', 'mime-types'];

/**
 * Every package under a node_modules folder, the bytes of its files, and whatever is native: a
 * `.node` binary, a binding.gyp, or an install script (which npm 11 does not run untrusted anyway).
 */
function inventory(modules: string) {
  const packages: string[] = [];
  const native: string[] = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        bytes += statSync(path).size;
        if (entry.name.endsWith('.node') || entry.name === 'binding.gyp') native.push(path.slice(modules.length + 1));
      }
    }
  };
  walk(modules);
  // A package: a folder right inside a node_modules folder (or inside its @scope folder).
  const visit = (nm: string) => {
    for (const entry of readdirSync(nm, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dirs = entry.name.startsWith('@') ? readdirSync(join(nm, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
      for (const name of dirs) {
        const manifest = join(nm, name, 'package.json');
        if (!existsSync(manifest)) continue;
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
        packages.push(name);
        for (const s of ['preinstall', 'install', 'postinstall']) if (pkg.scripts?.[s]) native.push(`${name} (${s}: ${pkg.scripts[s]})`);
        if (pkg.gypfile) native.push(`${name} (gypfile)`);
        if (existsSync(join(nm, name, 'node_modules'))) visit(join(nm, name, 'node_modules'));
      }
    }
  };
  visit(modules);
  return { packages: packages.sort(), native, bytes };
}
const root = resolve(import.meta.dirname, '../..');

// What a consumer's Node code does with the package: SSR imports, the server helpers.
const consumer = String.raw`
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
const out = {};
const require = createRequire(import.meta.url);

// SSR: importing the element entries in Node must not throw; the engine and server helpers are for Node too.
for (const name of ['ik-uploader', 'ik-uploader/element', 'ik-uploader/core', 'ik-uploader/react', 'ik-uploader/vue', 'ik-uploader/server', 'ik-uploader/server/fetch']) {
  try {
    const mod = await import(name);
    out[name] = { ok: true, exports: Object.keys(mod).sort(), resolved: import.meta.resolve(name) };
  } catch (e) {
    out[name] = { ok: false, error: String(e && e.stack || e) };
  }
}

// The React wrapper renders on the server as the tag itself.
const React = await import('react');
const { renderToString } = await import('react-dom/server');
const { IkUploader } = await import('ik-uploader/react');
out.ssr = renderToString(React.createElement(IkUploader, { publicKey: 'public_k', authEndpoint: '/auth', multiple: true, onUploadSuccess: () => {} }));

const { getAuthenticationParameters, createAuthHandler, createFetchAuthHandler } = await import('ik-uploader/server');
out.serverHelpers = [typeof createAuthHandler, typeof createFetchAuthHandler];
out.signed = getAuthenticationParameters('sk_pack', 'tok', 1900000000);
// The edge entry: a v2 token signed with the installed jose.
const edge = await import('ik-uploader/server/fetch');
const answer = await edge.createFetchAuthHandler({ privateKey: 'sk_pack', publicKey: 'pk_pack' })(
  new Request('http://x/auth', { method: 'POST', body: JSON.stringify({ uploadPayload: { fileName: 'a.jpg' } }) }),
);
out.v2 = { status: answer.status, header: JSON.parse(Buffer.from((await answer.json()).token.split('.')[0], 'base64url').toString()) };

out.min = readFileSync(require.resolve('ik-uploader/ik-uploader.min.js'), 'utf8').length;
const manifest = JSON.parse(readFileSync(require.resolve('ik-uploader/custom-elements.json'), 'utf8'));
out.manifestTags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
process.stdout.write(JSON.stringify(out));
`;

// What a consumer's TypeScript sees through the `types` conditions.
const typed = `
import { IkUploader, type IkUploaderProps } from 'ik-uploader/react';
import { createAuthHandler, getAuthenticationParameters } from 'ik-uploader/server';
import { createFetchAuthHandler, type UploadPayload } from 'ik-uploader/server/fetch';
import type { UploadSuccessDetail } from 'ik-uploader/element';
import type {} from 'ik-uploader/vue';
import 'ik-uploader';

const props: IkUploaderProps = {
  publicKey: 'k',
  multiple: true,
  onUploadSuccess: (e) => { const url: string = e.detail.response.url; void url; },
};
void IkUploader; void props;
const el: HTMLElement = document.createElement('ik-uploader');
document.querySelector('ik-uploader')?.addEventListener('ik-upload-success', (e) => {
  const d: UploadSuccessDetail = e.detail;
  void d; void el;
});
void createAuthHandler({ privateKey: 's' });
void createFetchAuthHandler({ privateKey: 's', policy: (request: Request, payload: UploadPayload) => ({ ...payload, folder: new URL(request.url).pathname }) });
const p: string = getAuthenticationParameters('s').signature;
void p;
// @ts-expect-error: events are typed, a wrong detail field is an error
const bad: (e: Parameters<NonNullable<IkUploaderProps['onUploadError']>>[0]) => string = (e) => e.detail.response;
void bad;
`;

test('npm pack: the tarball installs in a fresh project and every entry works from there', { timeout: 600_000 }, async (t) => {
  await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 64 << 20 });
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ik-pack-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, maxBuffer: 64 << 20 });
  const [info] = JSON.parse(packed) as [{ filename: string; files: { path: string }[]; size: number }];
  const files = info.files.map((f) => f.path);
  t.diagnostic(`${info.filename}: ${info.size} bytes packed, ${files.length} files`);
  for (const f of ['dist/ik-uploader.js', 'dist/ik-uploader.min.js', 'dist/custom-elements.json', 'dist/react/index.js', 'dist/server/index.js', 'README.md']) {
    assert.ok(files.includes(f), `the tarball has ${f}`);
  }
  assert.deepEqual(files.filter((f) => /(^|\/)test\/|\.test\.|^demo\/|^\.ik-emulator-data/.test(f)), [], 'no tests, demos or emulator data');
  assert.deepEqual(files.filter((f) => /emulator|^bin\//.test(f)), [], 'the emulator is a package of its own');

  const project = join(dir, 'app');
  rmSync(project, { recursive: true, force: true });
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-consumer', private: true, type: 'module' }));
  const install = (...what: string[]) =>
    run('npm', ['install', ...what, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, maxBuffer: 64 << 20 });

  // What `npm install ik-uploader` brings into an app, alone: small, and nothing native.
  await install(join(dir, info.filename));
  const installed = inventory(join(project, 'node_modules'));
  t.diagnostic(`npm install of the tarball: ${installed.bytes} bytes in node_modules, packages: ${installed.packages.join(' ')}`);
  assert.deepEqual(installed.native, [], 'no native module: no .node binaries, no install scripts, no node-gyp builds');
  assert.deepEqual(installed.packages.filter((p) => EMULATOR_ONLY.includes(p)), [], "none of the emulator's dependencies");
  assert.ok(installed.bytes < 10 * 1024 * 1024, `node_modules holds ${installed.bytes} bytes, over 10 MB`);

  await install('react@19', 'react-dom@19');

  writeFileSync(join(project, 'consumer.mjs'), consumer);
  const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: project, maxBuffer: 64 << 20 });
  const out = JSON.parse(stdout);
  for (const name of ['ik-uploader', 'ik-uploader/element', 'ik-uploader/core', 'ik-uploader/react', 'ik-uploader/vue', 'ik-uploader/server', 'ik-uploader/server/fetch']) {
    assert.equal(out[name].ok, true, `import('${name}') in Node: ${out[name].error}`);
    assert.ok(out[name].resolved.startsWith(`file://${project}/node_modules/ik-uploader/dist/`), `${name} resolves inside the installed package`);
  }
  assert.ok(out['ik-uploader'].exports.includes('IkUploader'));
  assert.ok(out['ik-uploader/core'].exports.length > 3, `ik-uploader/core exports the engine: ${out['ik-uploader/core'].exports}`);
  assert.ok(!out['ik-uploader/core'].exports.includes('IkUploader'), 'ik-uploader/core is the engine, without the element');
  assert.ok(out['ik-uploader/react'].exports.includes('IkUploader'));
  assert.match(out.ssr, /^<ik-uploader[\s>]/, 'the React wrapper server-renders the tag');
  assert.deepEqual(out.serverHelpers, ['function', 'function']);
  assert.deepEqual(out.v2, { status: 200, header: { alg: 'HS256', typ: 'JWT', kid: 'pk_pack' } });
  // The same HMAC-SHA1 of token + expire that ImageKit documents, from the installed package.
  assert.deepEqual(out.signed, { token: 'tok', expire: 1900000000, signature: createHmac('sha1', 'sk_pack').update('tok1900000000').digest('hex') });
  assert.ok(out.min > 1000, 'ik-uploader.min.js is there');
  assert.deepEqual(out.manifestTags, ['ik-uploader']);

  // The types a TypeScript consumer gets, checked with the consumer's own settings.
  writeFileSync(join(project, 'typed.ts'), typed);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], skipLibCheck: true },
      files: ['typed.ts'],
    }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((e: { stdout: string }) => {
    assert.fail(`the installed package's types do not check:\n${e.stdout}`);
  });

  // A bundler honours `sideEffects`: a bare import keeps the registration, a named import of the core
  // alone leaves the element (and Lit) out.
  const bundle = async (code: string) => {
    writeFileSync(join(project, 'entry.js'), code);
    const result = await build({
      root: project,
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: false, rolldownOptions: { input: join(project, 'entry.js') } },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as { output: { type: string; code?: string }[] }[];
    return outputs.flatMap((r) => r.output).map((o) => o.code ?? '').join('\n');
  };
  const registered = await bundle(`import 'ik-uploader';\n`);
  assert.match(registered, /customElements\.define\(["']ik-uploader["']/, "import 'ik-uploader' defines the element");
  const wrapped = await bundle(`import { IkUploader } from 'ik-uploader/react';\nconsole.log(IkUploader);\n`);
  assert.match(wrapped, /customElements\.define\(["']ik-uploader["']/, 'the React wrapper brings the registration along');
  const coreOnly = await bundle(`import { formatBytes } from 'ik-uploader/element';\nconsole.log(formatBytes(2048));\n`);
  assert.doesNotMatch(coreOnly, /customElements\.define|LitElement|["']ik-uploader["']/, 'a core-only import carries no element');
  const engine = await bundle(`import * as core from 'ik-uploader/core';\nconsole.log(core);\n`);
  assert.ok(engine.length > 2000, `the engine is bundled: ${engine.length} bytes`);
  assert.doesNotMatch(engine, /customElements\.define|LitElement|lit-html|["']ik-uploader["']/, 'ik-uploader/core carries no Lit and no element');
  t.diagnostic(`bundled: bare import ${registered.length} bytes, core-only import ${coreOnly.length} bytes, all of ik-uploader/core ${engine.length} bytes`);
});

// What a project that installs only the emulator does with it: start it from code, upload signed
// as ImageKit documents (HMAC-SHA1 of token + expire), and run the bin.
const emulatorConsumer = String.raw`
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const out = {};
const { startEmulator } = await import('ik-emulator');
out.resolved = import.meta.resolve('ik-emulator');
const emulator = await startEmulator({ port: 0, publicKey: 'pk_pack', privateKey: 'sk_pack', dataDir: mkdtempSync(join(tmpdir(), 'ik-pack-data-')) });
try {
  const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
  const token = randomUUID();
  const expire = String(Math.floor(Date.now() / 1000) + 600);
  const form = new FormData();
  form.set('file', new Blob([bytes], { type: 'application/octet-stream' }), 'packed.bin');
  form.set('fileName', 'packed.bin');
  form.set('publicKey', 'pk_pack');
  form.set('token', token);
  form.set('expire', expire);
  form.set('signature', createHmac('sha1', 'sk_pack').update(token + expire).digest('hex'));
  const res = await fetch(emulator.url + '/api/v1/files/upload', { method: 'POST', body: form });
  const body = await res.json();
  const served = body.url ? Buffer.from(await (await fetch(body.url)).arrayBuffer()) : Buffer.alloc(0);
  out.upload = { status: res.status, name: body.name, size: body.size, width: body.width ?? null, sameBytes: Buffer.compare(served, Buffer.from(bytes)) === 0 };
  // The same token again: the emulator must refuse it, as ImageKit does.
  const again = await fetch(emulator.url + '/api/v1/files/upload', { method: 'POST', body: form });
  out.reused = { status: again.status, message: (await again.json()).message };
} finally {
  await emulator.close();
}
process.stdout.write(JSON.stringify(out));
`;

const emulatorTyped = `
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'ik-emulator';
const options: EmulatorOptions = { port: 0, dataDir: '/tmp/x', publicKey: 'p', privateKey: 's' };
const running: Promise<RunningEmulator> = startEmulator(options);
void running.then((e) => { const url: string = e.url; void url; return e.close(); });
// @ts-expect-error: the options are typed, a port is a number
void startEmulator({ port: '3100', dataDir: '/tmp/x' });
`;

test('npm pack of emulator/: ik-emulator installs on its own and runs as `npx ik-emulator` and from code', { timeout: 600_000 }, async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ik-pack-emulator-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // `prepack` builds dist/, so the tarball runs without tsx.
  const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: join(root, 'emulator'), maxBuffer: 64 << 20 });
  const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as [{ filename: string; files: { path: string }[]; size: number; unpackedSize: number }];
  const files = info.files.map((f) => f.path);
  t.diagnostic(`${info.filename}: ${info.size} bytes packed (${info.unpackedSize} unpacked), ${files.length} files`);
  for (const f of ['bin/ik-emulator.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'package.json']) {
    assert.ok(files.includes(f), `the tarball has ${f}`);
  }
  assert.deepEqual(files.filter((f) => /^(src|test)\/|\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts')), [], 'no sources or tests, only dist/');

  const project = join(dir, 'app');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'emulator-consumer', private: true, type: 'module' }));
  await run('npm', ['install', join(dir, info.filename), '@types/node@20', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    maxBuffer: 64 << 20,
  });
  assert.equal(existsSync(join(project, 'node_modules', 'tsx')), false, 'no tsx: the installed bin must run dist/');
  // The emulator is where the native and heavy dependencies went (and the widget's check sees them).
  const installed = inventory(join(project, 'node_modules'));
  t.diagnostic(`npm install of the tarball: ${installed.bytes} bytes in node_modules, ${installed.packages.length} packages, native: ${installed.native.join(' ')}`);
  assert.ok(installed.native.some((f) => /sharp.*\.node$/.test(f)), "sharp's binary is installed with the emulator");

  writeFileSync(join(project, 'consumer.mjs'), emulatorConsumer);
  const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: project, maxBuffer: 64 << 20 });
  const out = JSON.parse(stdout);
  assert.equal(out.resolved, `file://${project}/node_modules/ik-emulator/dist/index.js`);
  assert.equal(out.upload.status, 200, JSON.stringify(out.upload));
  assert.equal(out.upload.size, 300);
  assert.equal(out.upload.sameBytes, true, 'the stored bytes are served back unchanged');
  assert.match(out.upload.name, /^packed_[A-Za-z0-9_-]{9}\.bin$/);
  assert.equal(out.reused.status, 400, 'a spent token is refused');
  assert.match(out.reused.message, /has been used before/);

  writeFileSync(join(project, 'typed.ts'), emulatorTyped);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] },
      files: ['typed.ts'],
    }),
  );
  await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project }).catch((e: { stdout: string }) => {
    assert.fail(`the installed emulator's types do not check:\n${e.stdout}`);
  });

  // The bin, as `npx ik-emulator` runs it from the consumer's project.
  const cli = await startProcess('npx', ['--no-install', 'ik-emulator', '--port', '0', '--data-dir', join(dir, 'cli-data')], {
    cwd: project,
    ready: /ik-emulator listening on http:\/\/127\.0\.0\.1:\d+\n/,
  });
  const url = /ik-emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.output())![1]!;
  const empty = await fetch(`${url}/api/v1/files/upload`, { method: 'POST' });
  assert.equal(empty.status, 400, 'the emulator answers an empty upload with its 400');
  const get = await fetch(`${url}/api/v1/files/upload`);
  assert.equal(get.status, 405);
  assert.equal(((await get.json()) as { message: string }).message, 'Use POST to upload.');
  // SIGTERM reaches npx and the emulator both (npx's own exit code is npx's business); the port is let go.
  await cli.stop('SIGTERM');
  assert.equal(await isListening(Number(new URL(url).port)), false, 'the emulator stopped');

  // The installed bin itself exits 0 on SIGTERM.
  const bin = await startProcess(join(project, 'node_modules', '.bin', 'ik-emulator'), ['--port', '0', '--data-dir', join(dir, 'cli-data')], {
    cwd: project,
    ready: /ik-emulator listening on http:\/\/127\.0\.0\.1:\d+\n/,
  });
  assert.equal(await bin.stop('SIGTERM'), 0, 'exit code 0 on SIGTERM');
  assert.equal(bin.output().split('\n').filter(Boolean).length, 1, `prints exactly one line: ${bin.output()}`);
});
