import type { PropertyDeclaration, ReactiveElement } from 'lit';

/** `maxFileSize` → `max-file-size`: the attribute of a property that names none. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Lit's `@property`, for this project's legacy (experimentalDecorators) fields only, with the
 * attribute named in kebab-case by default (Lit's own lowercases it; it also handles standard
 * decorators, at several times the bytes in the CDN build). custom-elements-manifest.config.mjs
 * names the attributes the same way.
 */
export const property = (options?: PropertyDeclaration) => (proto: ReactiveElement, name: string) =>
  (proto.constructor as typeof ReactiveElement).createProperty(name, { attribute: kebab(name), ...options });

/** Lit's `@state`: a reactive field with no attribute. */
export const state = () => property({ state: true, attribute: false });
