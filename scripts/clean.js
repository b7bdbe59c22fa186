// Removes a build folder portably (no rimraf needed): `node scripts/clean.js dist`.
import { rmSync } from 'node:fs';
for (const dir of process.argv.slice(2)) rmSync(dir, { recursive: true, force: true });
