import type { Kit } from './controllers/ways-in.js';
import type { SourcesHost } from './sources.js';
import type { Translate } from './controllers/localize.js';
import { adopt, css, icon } from './part-style.js';

// 24×24 stroked icons: two arrows turning (switch between cameras), × (close).
const X = 'M6 6l12 12M18 6L6 18';
const SWITCH = 'M4 10a8 8 0 0 1 14-4l2 2m0-4v4h-4M20 14a8 8 0 0 1-14 4l-2-2m0 4v-4h4';

const styles = css`
  .camera {
    display: grid;
    gap: var(--ik-gap);
    padding: var(--ik-gap);
    border: 1px solid var(--ik-border);
    border-radius: var(--ik-radius);
    background: var(--ik-surface);
  }
  .frame {
    display: grid;
    place-items: center;
    aspect-ratio: 4 / 3;
    max-height: 70vh;
    border-radius: calc(var(--ik-radius) - 4px);
    background: #000;
    overflow: hidden;
  }
  .frame > * {
    grid-area: 1 / 1;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  .frame img {
    background: #000;
  }
  .camera-message {
    display: grid;
    place-items: center;
    margin: 0;
    padding: var(--ik-gap);
    color: #fff;
    text-align: center;
  }
  .camera-actions {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--ik-gap);
    min-height: 3.5rem;
  }
  .camera-actions button {
    display: inline-grid;
    place-items: center;
    min-width: 2.75rem;
    height: 2.75rem;
    padding: 0 1rem;
    border: 1px solid var(--ik-zone-border);
    border-radius: 999px;
    background: var(--ik-bg);
    font-weight: 600;
  }
  .camera-actions .icon-button {
    padding: 0;
  }
  .camera-actions svg {
    width: 1.25rem;
    height: 1.25rem;
  }
  .camera-actions .primary {
    border-color: var(--ik-accent);
    background: var(--ik-accent);
    color: var(--ik-bg);
  }
  .camera-actions .shutter {
    width: 3.5rem;
    height: 3.5rem;
    border: 4px solid var(--ik-accent);
    background: var(--ik-bg);
    box-shadow: inset 0 0 0 3px var(--ik-bg), inset 0 0 0 2rem var(--ik-fg);
  }
  .camera-actions .close {
    position: absolute;
    inset-inline-end: 0;
  }
  .camera-actions {
    position: relative;
  }
  .camera-actions button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
`;

type State = 'starting' | 'live' | 'taken' | 'failed';

/** A JPEG's name from the moment it was taken, in local time: photo-2025-01-31-140509.jpg. */
export function photoName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `photo-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.jpg`;
}

const stop = (stream?: MediaStream) => stream?.getTracks().forEach((t) => t.stop());

/**
 * The camera view (`sources="camera"`), loaded when it is opened: a live preview through
 * getUserMedia, a shutter, retake or use, and a switch where there are several cameras. Every
 * track stops when it closes. With no camera, or permission refused, it says so and offers the
 * file input with `capture`, which opens a phone's own camera.
 */
/** The frame takes the camera's own shape (4:3 until it is known), so its picture has no black bars. */
const fit = (event: Event) => {
  const video = event.target as HTMLVideoElement;
  if (video.videoWidth) video.parentElement!.style.aspectRatio = `${video.videoWidth} / ${video.videoHeight}`;
};

export class Camera {
  #state: State = 'starting';
  #stream?: MediaStream;
  /** The video inputs' device ids, once permission is given (before it they have none). */
  #devices: string[] = [];
  #device = 0;
  #photo?: { blob: Blob; url: string };
  #refused = false;
  #closed = false;

  constructor(
    private readonly host: SourcesHost,
    private readonly t: Translate,
    private readonly kit: Kit,
    private readonly onClose: () => void,
  ) {
    adopt(host.shadowRoot!, styles);
    host.addEventListener('keydown', this.#key);
    void this.#start();
  }

  /** Stops every track and gives the drop zone its place back. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    stop(this.#stream);
    this.#stream = undefined;
    this.#retake();
    this.host.removeEventListener('keydown', this.#key);
    this.onClose();
  }

  async #start(deviceId?: string) {
    this.#state = 'starting';
    this.host.requestUpdate();
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('No camera API here (an insecure page?)', 'NotFoundError');
      const stream = await navigator.mediaDevices.getUserMedia({
        video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1080 } },
        audio: false,
      });
      if (this.#closed) return stop(stream); // closed while the browser asked
      this.#stream = stream;
      const track = stream.getVideoTracks()[0]!;
      track.addEventListener('ended', () => this.#fail(false)); // unplugged, or taken by the system
      this.#devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').map((d) => d.deviceId);
      this.#device = Math.max(0, this.#devices.indexOf(track.getSettings().deviceId ?? ''));
      this.#state = 'live';
      this.host.requestUpdate();
      await this.host.updateComplete;
      // Set once, not bound: Lit would set an object-valued property on every render, and each set reloads the video.
      const video = this.host.shadowRoot!.querySelector<HTMLVideoElement>('.camera video');
      if (video) video.srcObject = stream;
      this.#focus('.shutter');
    } catch (err) {
      this.#fail((err as DOMException)?.name === 'NotAllowedError' || (err as DOMException)?.name === 'SecurityError');
    }
  }

  #fail(refused: boolean) {
    if (this.#closed) return;
    stop(this.#stream);
    this.#stream = undefined;
    this.#refused = refused;
    this.#state = 'failed';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.#focus('.primary'));
  }

  #focus(selector: string) {
    this.host.shadowRoot!.querySelector<HTMLElement>(`.camera ${selector}`)?.focus();
  }

  #shoot = async () => {
    const video = this.host.shadowRoot!.querySelector('.camera video') as HTMLVideoElement | null;
    if (!video?.videoWidth) return; // no frame yet
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')!.drawImage(video, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    if (!blob || this.#closed) return;
    this.#photo = { blob, url: URL.createObjectURL(blob) };
    this.#state = 'taken';
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.#focus('.primary');
  };

  #retake = () => {
    if (this.#photo) URL.revokeObjectURL(this.#photo.url);
    this.#photo = undefined;
    if (this.#state !== 'taken') return;
    this.#state = 'live';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.#focus('.shutter'));
  };

  #use = () => {
    const file = new File([this.#photo!.blob], photoName(new Date()), { type: 'image/jpeg' });
    this.close();
    this.host.addFiles([file]);
  };

  #switch = () => {
    stop(this.#stream);
    this.#stream = undefined;
    this.#device = (this.#device + 1) % this.#devices.length;
    void this.#start(this.#devices[this.#device]);
  };

  #picked = (event: Event) => {
    const files = [...((event.target as HTMLInputElement).files ?? [])];
    if (!files.length) return;
    this.close();
    this.host.addFiles(files);
  };

  #key = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  };

  render() {
    const { t } = this;
    const { html, nothing } = this.kit.lit;
    const state = this.#state;
    return html`<div class="camera" part="camera" role="group" aria-label=${t('cameraView')} data-state=${state}>
      <div class="frame">
        ${state === 'failed'
          ? html`<p class="camera-message" role="alert">${t(this.#refused ? 'cameraDenied' : 'noCamera')}</p>`
          : html`<video part="camera-preview" autoplay muted playsinline @loadedmetadata=${fit}></video>
              ${this.#photo ? html`<img part="camera-photo" src=${this.#photo.url} alt=${t('photoTaken')} />` : nothing}`}
      </div>
      <div class="camera-actions">
        ${state === 'taken'
          ? html`<button type="button" class="retake" @click=${this.#retake}>${t('retake')}</button>
              <button type="button" class="primary" @click=${this.#use}>${t('usePhoto')}</button>`
          : state === 'failed'
            ? html`<input type="file" hidden accept="image/*" capture="environment" @change=${this.#picked} @input=${(e: Event) => e.stopPropagation()} />
                <button type="button" class="primary" @click=${(e: Event) => ((e.target as HTMLElement).previousElementSibling as HTMLInputElement).click()}>${t('cameraFallback')}</button>`
            : html`${this.#devices.length > 1
                  ? html`<button type="button" class="switch icon-button" aria-label=${t('switchCamera')} ?disabled=${state !== 'live'} @click=${this.#switch}>${icon(this.kit.lit, SWITCH)}</button>`
                  : nothing}
                <button type="button" class="shutter" part="shutter" aria-label=${t('camera')} ?disabled=${state !== 'live'} @click=${this.#shoot}></button>`}
        <button type="button" class="close icon-button" aria-label=${t('closeCamera')} @click=${() => this.close()}>${icon(this.kit.lit, X)}</button>
      </div>
    </div>`;
  }
}
