import type { PropertyDeclaration, ReactiveElement } from 'lit';

/**
 * Lit's `@property`, for this project's legacy (experimentalDecorators) fields only: Lit's own
 * also handles standard decorators, at several times the bytes in the CDN build.
 */
export const property = (options?: PropertyDeclaration) => (proto: ReactiveElement, name: string) =>
  (proto.constructor as typeof ReactiveElement).createProperty(name, options);

/** Lit's `@state`: a reactive field with no attribute. */
export const state = () => property({ state: true, attribute: false });
