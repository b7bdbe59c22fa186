/**
 * `ik-uploader/vue`: types for `<ik-uploader>` in Vue templates. Import it once for its types
 * (`import type {} from 'ik-uploader/vue'`), and tell Vue's compiler the tag is a custom element:
 * `vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('ik-') } } })`.
 * Then `:folder`, `:tags="[...]"` and `@ik-upload-success="(e) => e.detail.response.url"` are checked.
 */
import type { DefineComponent } from 'vue';
import type { IkUploader } from '../element/ik-uploader.js';
import type { IkUploaderEventMap } from '../element/events.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The element's own settable properties (not HTMLElement's, not methods, not read-only getters). */
export type IkUploaderVueProps = {
  [K in Exclude<keyof IkUploader, keyof HTMLElement | 'items' | 'queue' | 'uploadParams'> as IkUploader[K] extends (...args: never[]) => unknown
    ? K extends 'authenticator' | 'beforeUpload' | 'prepare' ? K : never
    : K]?: IkUploader[K];
};

/** `@ik-upload-success` is the `onIkUploadSuccess` prop to Vue's type checker. */
export type IkUploaderVueEvents = {
  [E in keyof IkUploaderEventMap as `on${Capitalize<Camel<E>>}`]?: (event: IkUploaderEventMap[E]) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'ik-uploader': DefineComponent<IkUploaderVueProps & IkUploaderVueEvents>;
  }
}
