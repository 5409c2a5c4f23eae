// The slip's fonts ship inside the app (Vite copies them into the build), so printing works offline.
import regularUrl from '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf?url';
import boldUrl from '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf?url';
import italicUrl from '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf?url';
import boldItalicUrl from '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf?url';
import type { FormFonts } from '@shared/forms/types';
import i18n from '../../i18n';

let loading: Promise<FormFonts> | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(i18n.t('print.fontsUnavailable', { status: response.status }));
  return new Uint8Array(await response.arrayBuffer());
}

/** Loaded once per window and kept: every slip after the first is rendered without waiting. */
export function loadFormFonts(): Promise<FormFonts> {
  loading ??= Promise.all([regularUrl, boldUrl, italicUrl, boldItalicUrl].map(fetchBytes))
    .then(([regular, bold, italic, boldItalic]) => ({ regular, bold, italic, boldItalic }))
    .catch((e) => {
      loading = null; // let a later attempt retry
      throw e;
    });
  return loading;
}
