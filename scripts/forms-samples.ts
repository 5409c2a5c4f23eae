// Writes every official form, filled with realistic sample data, as PDFs for review:
//   tsx scripts/forms-samples.ts <dir>      (npm run forms:samples -- <dir>)
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORM_KINDS, renderForm, type FormKind } from '../shared/forms/index';
import { loadFormFontsNode } from '../shared/forms/fonts.node.js';
import { sampleInputs } from '../test/fixtures/forms/sample-data';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Cách dùng: tsx scripts/forms-samples.ts <thư mục>');
    process.exit(2);
  }
  await mkdir(dir, { recursive: true });
  const fonts = await loadFormFontsNode();
  const inputs = sampleInputs();
  for (const kind of FORM_KINDS) {
    const bytes = await renderForm(kind as FormKind, inputs[kind] as never, fonts);
    const file = path.join(dir, `form-${kind}.pdf`);
    await writeFile(file, bytes);
    console.log(`${file}  ${(bytes.length / 1024).toFixed(1)} KB`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
