// Node-only: reads the Tinos TTFs from node_modules. Used by tests, the samples script and benchmarks;
// the renderer fetches the same files itself and passes their bytes to renderForm.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FontKey, FormFonts } from './types';

const require = createRequire(import.meta.url);

export const TINOS_FILES: Record<FontKey, string> = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

/** Absolute path of one face. */
export function tinosPath(key: FontKey): string {
  return require.resolve(TINOS_FILES[key]);
}

let cached: Promise<FormFonts> | null = null;

/** Reads the four Tinos faces from disk (no cache). */
export async function readFormFontsNode(): Promise<FormFonts> {
  const read = async (k: FontKey) => new Uint8Array(await readFile(tinosPath(k)));
  const [regular, bold, italic, boldItalic] = await Promise.all([read('regular'), read('bold'), read('italic'), read('boldItalic')]);
  return { regular, bold, italic, boldItalic };
}

/** The four Tinos faces, read once per process. */
export function loadFormFontsNode(): Promise<FormFonts> {
  cached ??= readFormFontsNode();
  return cached;
}
