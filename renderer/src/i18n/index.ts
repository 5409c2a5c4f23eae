import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('desk.language') : null;

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'vi' | 'en') {
  localStorage.setItem('desk.language', lng);
  void i18n.changeLanguage(lng);
}

export default i18n;
