// Official forms (TT 03/2025/TT-VPCP Phụ lục I) as PDFs, laid out per NĐ 30/2020. Pure: no DOM, no Node
// APIs; runs in the renderer, Electron main and Node. Fonts come in as bytes (see fonts.node.ts in Node).
export * from './types';
export { renderForm, layoutForm, layoutHandoverSlip, layoutFeeReport, trackingRowFromDossier, formatVnTimeLong, nd30DateParts, placeName, unitSentenceName, type RenderOptions } from './forms';
export { DEFAULT_TEMPLATES, FORM_VARIABLES, type FormTemplate, type Section } from './templates';
export { form01Input, form02Input, form03Input, form04Input, form05Input, form06Input, officeForPrint, type HistoryEntry } from './fromDossier';
