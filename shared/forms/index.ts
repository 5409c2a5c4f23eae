// Official forms (TT 03/2025/TT-VPCP Phụ lục I) as PDFs, laid out per NĐ 30/2020. Pure: no DOM, no Node
// APIs; runs in the renderer, Electron main and Node. Fonts come in as bytes (see fonts.node.ts in Node).
export * from './types';
export {
  renderForm,
  layoutForm,
  renderForm01,
  renderForm02,
  renderForm03,
  renderForm04,
  renderForm05,
  renderForm06,
  renderForm07,
  layoutForm01,
  layoutForm02,
  layoutForm03,
  layoutForm04,
  layoutForm05,
  layoutForm06,
  layoutForm07,
  trackingRowFromDossier,
  formatVnTimeLong,
  nd30DateParts,
  placeName,
  type RenderOptions,
} from './forms';
export {
  DEFAULT_TEMPLATES,
  DEFAULT_HEADER,
  FORM_VARIABLES,
  TABLE_COLUMN_KEYS,
  resolveTemplate,
  validateTemplate,
  fillText,
  TemplateError,
  type FormTemplate,
  type FormTemplateOverride,
  type FormTemplates,
  type Section,
} from './templates';
export { embedFormFonts, subsetSafeFontkit, cleanText, fontMetrics } from './fonts';
export { encodeCode128, Code128Error, type Code128 } from './code128';
export { pageSpec, MARGINS_A4, MARGINS_A5, TYPE_A4, TYPE_A4_BOOK, TYPE_A5, MM, Writer } from './layout';
export { checkLayout, pageText } from './layoutCheck';
export { VIETNAMESE_LOWER, VIETNAMESE_UPPER, DONG_SIGN, baseLetter } from './vietnamese';
export {
  FORM_TITLE_VI, printableForms, supplementItems, handoverSteps,
  form01Input, form02Input, form03Input, form05Input, form06Input, type HistoryEntry,
} from './fromDossier';
