import { expect } from '@esm-bundle/chai';
import 'axe-core'; // UMD: sets window.axe
import type { AxeResults, RunOptions } from 'axe-core';
import { cleanup, fault, makeBytes, mount, nextEvent, uniqueFolder } from './helpers.js';

const axe = (window as unknown as { axe: { run(context: Element, options: RunOptions): Promise<AxeResults> } }).axe;

afterEach(cleanup);

describe('<ik-uploader> accessibility', () => {
  it('has no axe violations, empty or with done, failed and rejected files', async () => {
    const el = await mount({ folder: uniqueFolder('a11y'), 'max-file-size': '1KB', accept: '.bin', retries: '0' });
    let results = await axe.run(el, { resultTypes: ['violations'] });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);

    await fault({ count: 1, status: 500 });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('fails.bin', 10), makeBytes('big.bin', 5000), new File(['x'], 'wrong.txt')]);
    await complete;
    const complete2 = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('works.bin', 10)]);
    await complete2;
    await el.updateComplete;
    expect(el.items.map((i) => i.state)).to.deep.equal(['failed', 'done']);
    results = await axe.run(el, { resultTypes: ['violations'] });
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).to.deep.equal([]);
  });
});
