// The camera, through Chromium's fake devices (test/chromium.ts: two fake cameras, permission given).
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { bytesOf, cleanup, fileInput, makePng, mount, nextEvent, rows, sameBytes, shadow, uniqueFolder, until } from './helpers.js';

afterEach(cleanup);

const q = <T extends Element = HTMLElement>(el: IkUploader, selector: string) => shadow(el).querySelector<T>(selector);
const cameraButton = (el: IkUploader) => q<HTMLButtonElement>(el, '[part~="camera-button"]');
const video = (el: IkUploader) => q<HTMLVideoElement>(el, '[part~="camera-preview"]');

/** Opens the camera view as a person does, and waits until its preview plays. */
async function openCamera(el: IkUploader): Promise<MediaStreamTrack[]> {
  await until(async () => (await el.updateComplete, cameraButton(el)), 'the camera button');
  cameraButton(el)!.click();
  await until(async () => (await el.updateComplete, video(el)?.srcObject && video(el)!.videoWidth > 0), 'the live preview');
  return (video(el)!.srcObject as MediaStream).getTracks();
}

describe('<ik-uploader> camera', () => {
  it('takes a photo: live preview, shutter, retake, use; the JPEG, named by time, arrives in the emulator and every track stops', async () => {
    const el = await mount({ sources: 'device camera', folder: uniqueFolder('camera') });
    expect(cameraButton(el) ?? (await until(async () => (await el.updateComplete, cameraButton(el)), 'button'))).to.not.equal(null);
    expect(cameraButton(el)!.textContent!.trim()).to.equal('Take a photo');
    const tracks = await openCamera(el);
    expect(tracks.map((t) => [t.kind, t.readyState])).to.deep.equal([['video', 'live']]);
    expect(q(el, '[part~="drop-zone"]'), 'the view takes the drop zone\'s place').to.equal(null);
    expect(q(el, '[part~="camera"]')!.getAttribute('aria-label')).to.equal('Camera');
    const shutter = q<HTMLButtonElement>(el, '[part~="shutter"]')!;
    expect(shutter.getAttribute('aria-label')).to.equal('Take a photo');
    expect(shadow(el).activeElement, 'focus on the shutter').to.equal(shutter);

    shutter.click();
    await until(async () => (await el.updateComplete, q(el, '[part~="camera-photo"]')), 'the photo');
    expect(q<HTMLImageElement>(el, '[part~="camera-photo"]')!.alt).to.equal('Photo taken');
    const retake = [...shadow(el).querySelectorAll('.camera button')].find((b) => b.textContent!.trim() === 'Retake') as HTMLButtonElement;
    retake.click();
    await el.updateComplete;
    expect(q(el, '[part~="camera-photo"]'), 'retake goes back to the preview').to.equal(null);
    expect(tracks[0]!.readyState, 'the camera stays on to retake').to.equal('live');

    q<HTMLButtonElement>(el, '[part~="shutter"]')!.click();
    await until(async () => (await el.updateComplete, q(el, '[part~="camera-photo"]')), 'the second photo');
    const success = nextEvent(el, 'ik-upload-success');
    const use = [...shadow(el).querySelectorAll('.camera button')].find((b) => b.textContent!.trim() === 'Use photo') as HTMLButtonElement;
    const before = new Date();
    const frame = [video(el)!.videoWidth, video(el)!.videoHeight];
    use.click();
    expect(tracks[0]!.readyState, 'closing stops the track').to.equal('ended');
    const { file, response } = await success;
    expect(file.type).to.equal('image/jpeg');
    expect(file.name).to.match(/^photo-\d{4}-\d\d-\d\d-\d{6}\.jpg$/);
    const [, y, mo, d, h, mi] = /^photo-(\d{4})-(\d\d)-(\d\d)-(\d\d)(\d\d)/.exec(file.name)!.map(Number);
    expect(Math.abs(new Date(y!, mo! - 1, d, h, mi).getTime() - before.getTime()), 'named by the local time it was taken').to.be.below(2 * 60_000);
    expect(response.fileType).to.equal('image');
    expect([response.width, response.height], 'the camera\'s full frame').to.deep.equal(frame);
    expect(frame[0]).to.be.above(0);
    const stored = await bytesOf(await (await fetch(response.url)).blob());
    expect([stored[0], stored[1]], 'a JPEG').to.deep.equal([0xff, 0xd8]);
    expect(sameBytes(stored, await bytesOf(file))).to.equal(true);
    await el.updateComplete;
    expect(q(el, '[part~="drop-zone"]'), 'the drop zone is back').to.not.equal(null);
    expect(shadow(el).activeElement, 'focus back on the camera button').to.equal(cameraButton(el));
    expect(rows(el)[0]!.dataset.state).to.equal('done');
  });

  it('switches between two cameras, and closes with Escape, stopping every track', async () => {
    const el = await mount({ sources: 'camera' });
    expect(q(el, '[part~="drop-zone"]'), 'sources="camera" offers no file picker').to.equal(null);
    const first = await openCamera(el);
    const firstId = first[0]!.getSettings().deviceId;
    const change = q<HTMLButtonElement>(el, '.camera .switch')!;
    expect(change.getAttribute('aria-label')).to.equal('Switch camera');
    change.click();
    expect(first[0]!.readyState, 'the first camera stops').to.equal('ended');
    await until(async () => {
      await el.updateComplete;
      const s = video(el)?.srcObject as MediaStream | null;
      return s && s.getTracks()[0]!.getSettings().deviceId !== firstId && video(el)!.videoWidth > 0;
    }, 'the other camera');
    const second = (video(el)!.srcObject as MediaStream).getTracks();
    q<HTMLButtonElement>(el, '[part~="shutter"]')!.focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(second.map((t) => t.readyState)).to.deep.equal(['ended']);
    expect(q(el, '[part~="camera"]')).to.equal(null);
  });

  it('stops the camera when the element leaves the page', async () => {
    const el = await mount({ sources: 'camera' });
    const tracks = await openCamera(el);
    el.remove();
    expect(tracks.map((t) => t.readyState)).to.deep.equal(['ended']);
  });

  for (const [name, words] of [['NotAllowedError', 'Camera permission was refused.'], ['NotFoundError', 'No camera is available.']] as const) {
    it(`says so when ${name === 'NotAllowedError' ? 'permission is refused' : 'there is no camera'}, and falls back to the file input with capture`, async () => {
      const real = navigator.mediaDevices.getUserMedia;
      // The browser's answer to a refused prompt, or to a machine with no camera.
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', name));
      try {
        const el = await mount({ sources: 'device camera', upload: 'manual' });
        await until(async () => (await el.updateComplete, cameraButton(el)), 'the camera button');
        cameraButton(el)!.click();
        await until(async () => (await el.updateComplete, q(el, '.camera [role=alert]')), 'the message');
        expect(q(el, '.camera [role=alert]')!.textContent!.trim()).to.equal(words);
        const fallback = q<HTMLInputElement>(el, '.camera input[type=file]')!;
        expect(fallback.getAttribute('capture')).to.equal('environment');
        expect(fallback.accept).to.equal('image/*');
        const choose = q<HTMLButtonElement>(el, '.camera .primary')!;
        expect(choose.textContent!.trim()).to.equal('Take or choose a photo');
        expect(shadow(el).activeElement).to.equal(choose);
        let opened = false;
        fallback.addEventListener('click', (e) => ((opened = true), e.preventDefault()), { once: true });
        choose.click();
        expect(opened, 'the button opens the capture input').to.equal(true);
        // What the phone's camera app hands back.
        const dt = new DataTransfer();
        dt.items.add(await makePng('IMG_0001.png', 30, 20));
        fallback.files = dt.files;
        fallback.dispatchEvent(new Event('change', { bubbles: true }));
        await el.updateComplete;
        expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['IMG_0001.png', 'waiting']]);
        expect(q(el, '[part~="camera"]'), 'the view closes').to.equal(null);
        expect(fileInput(el)).to.not.equal(null);
      } finally {
        navigator.mediaDevices.getUserMedia = real;
      }
    });
  }
});
