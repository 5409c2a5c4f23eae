// Working-day calendar and appointment-date rules of the one-stop desk (pure, runs anywhere).
export * from './vnTime';
export * from './types';
export * from './lunar';
export * from './holidays';
export * from './workingDays';
