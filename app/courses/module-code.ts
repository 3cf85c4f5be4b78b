// The browser's (and server's) registry of compiled course modules: loads a module's code file
// in the browser and turns it into the module's content component. The components authors use
// inside modules are in ./components.
import * as React from "react";
import { useMemo, type ComponentType } from "react";
import * as ReactDOM from "react-dom";
import * as jsxRuntime from "react/jsx-runtime";

/**
 * Compiled modules by content hash. The CSP forbids eval in the browser, so the browser gets each
 * module's code as a script file (/course-code/…) that registers a factory here, taking the same
 * scope getMDXComponent passes (React, ReactDOM, _jsx_runtime). On the server, the module index
 * registers the component that mdx-bundler's getMDXComponent made.
 */
type MdxProps = { components?: Record<string, ComponentType<never>> };
type Registered = { component?: ComponentType<MdxProps>; factory?: (react: unknown, reactDom: unknown, jsx: unknown) => { default: ComponentType<MdxProps> } };
export function moduleRegistry(): Record<string, Registered> {
  const holder = globalThis as unknown as { __horizontMdx?: Record<string, Registered> };
  return (holder.__horizontMdx ??= {});
}

const loading = new Map<string, Promise<void>>();
/** Loads a module's code file in the browser (client-side navigation); resolves when registered. */
export function loadModuleCode(url: string, hash: string): Promise<void> {
  if (moduleRegistry()[hash]) return Promise.resolve();
  let promise = loading.get(hash);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => {
        loading.delete(hash);
        reject(new Error(`The module code ${url} could not be loaded.`));
      };
      document.head.appendChild(script);
    });
    loading.set(hash, promise);
  }
  return promise;
}

/** The module's content as a component, made once per content hash. */
export function useModuleComponent(hash: string) {
  return useMemo(() => {
    const entry = moduleRegistry()[hash];
    if (!entry) throw new Error(`Module ${hash} is not loaded.`);
    entry.component ??= entry.factory!(React, ReactDOM, jsxRuntime).default;
    return entry.component;
  }, [hash]);
}
