// `cem analyze` reads the element's doc comments (@fires, @csspart, @cssprop, @slot) into custom-elements.json.

/** `maxFileSize` → `max-file-size`, as src/element/decorators.ts names an attribute a property does not name. */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The element's @property decorator defaults to kebab-case attributes, where cem assumes the
 * property's own name: rename those attributes (and their fields' `attribute`) to match, and merge
 * each with its `@attr` line in the class docblock, if it has one.
 */
function kebabAttributes() {
  return {
    name: 'ik-kebab-attributes',
    moduleLinkPhase({ moduleDoc }) {
      for (const decl of moduleDoc.declarations ?? []) {
        const renamed = new Map();
        for (const attr of decl.attributes ?? []) {
          if (attr.fieldName && attr.name.toLowerCase() === attr.fieldName.toLowerCase() && attr.name !== kebab(attr.fieldName)) {
            renamed.set(attr.name, kebab(attr.fieldName));
            attr.name = kebab(attr.fieldName);
          }
        }
        for (const member of decl.members ?? []) {
          if (renamed.has(member.attribute)) member.attribute = renamed.get(member.attribute);
        }
        const byName = new Map();
        for (const attr of decl.attributes ?? []) {
          const seen = byName.get(attr.name);
          if (!seen) byName.set(attr.name, attr);
          else byName.set(attr.name, { ...attr, ...seen, ...(attr.fieldName ? attr : {}), description: seen.description || attr.description });
        }
        if (decl.attributes) decl.attributes = [...byName.values()];
      }
    },
  };
}

export default {
  globs: ['src/element/**/*.ts', 'src/ik-uploader.ts'],
  exclude: ['**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [kebabAttributes()],
};
