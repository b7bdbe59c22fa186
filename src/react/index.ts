/**
 * `ik-uploader/react`: `<IkUploader>` for React, made with @lit/react. Element properties are typed
 * props, and every `ik-*` event is an `on*` prop with its typed `CustomEvent`:
 *
 * ```tsx
 * <IkUploader publicKey="public_..." authEndpoint="/api/imagekit-auth" multiple
 *   onUploadSuccess={(e) => save(e.detail.response.url)} />
 * ```
 *
 * The element owns the uploads, so re-rendering the parent (new props, new handler closures)
 * never restarts or repeats one. Call `ref.current.cancelAll()` to stop them.
 */
import * as React from 'react';
import { createComponent, type EventName, type WebComponentProps } from '@lit/react';
import { IkUploader as IkUploaderElement } from '../ik-uploader.js'; // also defines <ik-uploader>
import type { IkUploaderEventMap } from '../element/events.js';

/** Each event's React prop; `satisfies` makes a new event in the map fail to compile until it has one. */
const propNames = {
  'ik-file-rejected': 'onFileRejected',
  'ik-upload-start': 'onUploadStart',
  'ik-upload-progress': 'onUploadProgress',
  'ik-upload-retry': 'onUploadRetry',
  'ik-upload-success': 'onUploadSuccess',
  'ik-upload-error': 'onUploadError',
  'ik-complete': 'onComplete',
  'ik-change': 'onIkChange', // not onChange: React types that one as an <input>'s change event
  'ik-restore': 'onRestore',
  'ik-restore-error': 'onRestoreError',
} as const satisfies Record<keyof IkUploaderEventMap, `on${string}`>;

type PropNames = typeof propNames;
/** `{ onUploadSuccess: EventName<CustomEvent<UploadSuccessDetail>>, ... }`, as createComponent wants. */
export type IkUploaderEvents = {
  [E in keyof PropNames as PropNames[E]]: EventName<IkUploaderEventMap[E]>;
};

const events = Object.fromEntries(
  Object.entries(propNames).map(([event, prop]) => [prop, event]),
) as IkUploaderEvents;

export const IkUploader = createComponent({
  react: React,
  tagName: 'ik-uploader',
  elementClass: IkUploaderElement,
  events,
  displayName: 'IkUploader',
});

/** The props `<IkUploader>` takes: element properties, `on*` events, HTML attributes and `ref`. */
export type IkUploaderProps = React.ComponentProps<typeof IkUploader>;

export { IkUploaderElement };
export type * from '../element/events.js';
export type { ImageKitFile, UploadErrorDetail, RejectionCode, AuthParams, Authenticator } from '../core/types.js';

/** React 19 sets a custom element's known properties and listens for `on<event-name>` props itself. */
export type IkUploaderIntrinsicProps = WebComponentProps<IkUploaderElement> & {
  [E in keyof IkUploaderEventMap as `on${E}`]?: (event: IkUploaderEventMap[E]) => void;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      // Plain `<ik-uploader>` in JSX, for apps that skip the wrapper (React 19 and later).
      'ik-uploader': IkUploaderIntrinsicProps;
    }
  }
}
