// For tsc, which reads the demo's .ts files but not .vue ones (Vite compiles those).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
