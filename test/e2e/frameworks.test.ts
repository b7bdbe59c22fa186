// What the type checkers of React and Vue users say about <ik-uploader>: right usage passes, and
// each misuse is an error (`@ts-expect-error` / `@vue-expect-error` fail the check when unused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, 'bin', file);

/** Runs a checker; resolves to its output and whether it passed. */
async function check(cmd: string, args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cmd, ...args], { cwd, maxBuffer: 16 << 20 });
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** A scratch project that sees the repo's node_modules and sources. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ik-types-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const compilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: [],
  jsx: 'react-jsx',
  useDefineForClassFields: false,
  experimentalDecorators: true,
};

test('Vue: the demo SFCs type-check against <ik-uploader>\'s declarations', { timeout: 120_000 }, async () => {
  const { ok, output } = await check(bin('vue-tsc', 'vue-tsc.js'), ['-p', 'demo/vue/tsconfig.json'], root);
  assert.ok(ok, output);
});

test('Vue: templates get <ik-uploader>\'s prop and event types; misuse is an error', { timeout: 120_000 }, async (t) => {
  const src = join(root, 'src');
  const dir = scratch({
    'tsconfig.json': JSON.stringify({ compilerOptions, include: ['*.ts', '*.vue'] }),
    'types.ts': `import type {} from '${src}/vue/index.js';\n`,
    'Field.vue': `<script setup lang="ts">
import { ref } from 'vue';
import type { UploadErrorEventDetail } from '${src}/element/events.js';
const urls = ref<string[]>([]);
const failed = (e: CustomEvent<UploadErrorEventDetail>) => console.log(e.detail.error.code);
const wrong = (e: CustomEvent<{ nothing: true }>) => e;
</script>
<template>
  <ik-uploader
    public-key="k"
    :max-files="3"
    :tags="['a', 'b']"
    :custom-metadata="{ sku: 'x' }"
    :authenticator="async () => ({ token: 't', expire: 1, signature: 's' })"
    @ik-upload-success="(e) => urls.push(e.detail.response.url)"
    @ik-upload-error="failed"
  ></ik-uploader>
  <!-- @vue-expect-error a number property given a string -->
  <ik-uploader :max-files="'three'"></ik-uploader>
  <!-- @vue-expect-error a boolean property given a number -->
  <ik-uploader :multiple="1"></ik-uploader>
  <!-- @vue-expect-error a handler expecting another event's detail -->
  <ik-uploader @ik-complete="wrong"></ik-uploader>
  <!-- @vue-expect-error the success detail's response url is a string, not a number -->
  <ik-uploader @ik-upload-success="(e) => urls.push(e.detail.response.size)"></ik-uploader>
</template>
`,
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { ok, output } = await check(bin('vue-tsc', 'vue-tsc.js'), ['-p', 'tsconfig.json'], dir);
  assert.ok(ok, output);

  // The same misuse without the declarations passes unnoticed: the errors above come from them.
  writeFileSync(join(dir, 'types.ts'), 'export {};\n');
  const without = await check(bin('vue-tsc', 'vue-tsc.js'), ['-p', 'tsconfig.json'], dir);
  assert.equal(without.ok, false);
  assert.ok((without.output.match(/Unused '@ts-expect-error' directive/g) ?? []).length >= 3, without.output);
});

test('React: <IkUploader> props and on* events are typed, and so is a plain <ik-uploader> in JSX', { timeout: 120_000 }, async (t) => {
  const src = join(root, 'src');
  const dir = scratch({
    'tsconfig.json': JSON.stringify({ compilerOptions, include: ['*.tsx'] }),
    'app.tsx': `import { useRef } from 'react';
import { IkUploader, type IkUploaderElement } from '${src}/react/index.js';

export function Good() {
  const ref = useRef<IkUploaderElement>(null);
  return (
    <>
      <IkUploader
        ref={ref}
        publicKey="k"
        authEndpoint="/auth"
        maxFiles={3}
        multiple
        tags={['a']}
        customMetadata={{ sku: 'x' }}
        authenticator={async () => ({ token: 't', expire: 1, signature: 's' })}
        onUploadSuccess={(e) => { const url: string = e.detail.response.url; void url; ref.current?.cancelAll(); }}
        onUploadError={(e) => void e.detail.error.code}
        onFileRejected={(e) => void e.detail.message}
        onUploadProgress={(e) => void (e.detail.loaded / e.detail.total)}
        onComplete={(e) => void e.detail.successful.length}
      />
      <ik-uploader public-key="k" multiple onik-upload-success={(e) => void e.detail.response.fileId} />
    </>
  );
}

export function Bad() {
  return (
    <>
      {/* @ts-expect-error a number property given a string */}
      <IkUploader maxFiles="three" />
      {/* @ts-expect-error an error event has no response */}
      <IkUploader onUploadError={(e) => e.detail.response} />
      {/* @ts-expect-error no such event prop */}
      <IkUploader onUploadFinished={() => {}} />
      {/* @ts-expect-error the plain tag's events are typed too */}
      <ik-uploader onik-upload-error={(e) => e.detail.response} />
    </>
  );
}
`,
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { ok, output } = await check(bin('typescript', 'tsc'), ['-p', 'tsconfig.json'], dir);
  assert.ok(ok, output);
});
