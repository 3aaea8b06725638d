/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The help center's name shown next to the Atrium logo (default "Help Center"). */
  readonly VITE_HELP_CENTER_NAME?: string;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
