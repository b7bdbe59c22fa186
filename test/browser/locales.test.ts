import { expect } from '@esm-bundle/chai';
import { IkUploader } from '../../src/element/ik-uploader.js';
import type { Message, Plural } from '../../src/element/intl.js';
import { LOCALES } from '../../src/element/locales/index.js';
import { editStrings } from '../../src/element/edit-strings.js';
import { panelStrings } from '../../src/element/panel-strings.js';
import { sourceStrings } from '../../src/element/source-strings.js';
import { restoreStrings } from '../../src/element/restore-strings.js';
import { en as entry } from '../../src/element/strings.js';
import { cleanup, dropZone, makeBytes, mount, nextEvent, rows, shadow, uniqueFolder, until } from './helpers.js';

afterEach(cleanup);

const FSI = '\u2068';
const PDI = '\u2069';
/** What a person reads: isolates are invisible. */
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
const hint = (el: IkUploader) => text(shadow(el).querySelector('[part~="hint"]'));
const status = (el: IkUploader, i = 0) => rows(el)[i]!.querySelector('[part~="status"]')!;
/** Every key: the element's and its on-demand dialogs'. */
const en: Record<string, Message> = { ...entry, ...editStrings, ...panelStrings, ...sourceStrings, ...restoreStrings };
const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));
/** The built-in languages: one per module (aliases such as `iw` or `zh-hk` share one). */
async function builtIn(): Promise<Array<[string, Record<string, Message>]>> {
  const seen = new Map<unknown, string>();
  for (const [code, load] of Object.entries(LOCALES)) {
    const words = (await load()).default;
    if (!seen.has(words)) seen.set(words, code);
  }
  return [...seen].map(([words, code]) => [code, words as Record<string, Message>]);
}

/** Mounts with `locale` and waits until its words are in (the drop zone no longer reads English). */
async function inLocale(locale: string, attrs: Record<string, string | boolean> = {}, parent?: HTMLElement) {
  const el = await mount({ locale, ...attrs }, parent);
  await until(async () => (await el.updateComplete, !text(dropZone(el)).startsWith('Drop')), `${locale} words`);
  return el;
}

describe('<ik-uploader> locales', () => {
  it('loads a language only when an element asks for it, as a module of its own', async () => {
    const fetched = (name: string) => performance.getEntriesByType('resource').some((e) => e.name.includes(`/locales/${name}.`));
    expect(fetched('ko'), 'not loaded before it is asked for').to.equal(false);
    expect(IkUploader.locales.ko).to.equal(undefined);
    const el = await inLocale('ko-KR');
    expect(text(dropZone(el))).to.equal('여기에 파일을 놓거나 파일 선택');
    expect(fetched('ko'), 'loaded on demand').to.equal(true);
    expect(fetched('vi'), 'no other language loaded').to.equal(false);
    expect(shadow(el).querySelector('.root')!.getAttribute('lang'), 'the words are marked as Korean').to.equal('ko');
  });

  it('has at least 20 languages, right-to-left ones included, each with every key, its placeholders and its plural forms', async () => {
    const all = await builtIn();
    expect(all.length, 'languages besides English').to.be.at.least(20);
    expect(all.map(([code]) => code)).to.include.members(['ar', 'he', 'fa', 'de', 'fr', 'es', 'pt', 'ru', 'ja', 'zh', 'zh-tw']);
    for (const [code, words] of all) {
      expect(Object.keys(words).sort(), code).to.deep.equal(Object.keys(en).sort());
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories.slice().sort();
      let same = 0;
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        const mine = words[key]!;
        const english: Message = en[key];
        const where = `${code}.${key}`;
        // Every form has the English placeholders; a plural form may leave out `{n}` ("one file", "ملفان").
        const wanted = placeholders(typeof english === 'string' ? english : english.other);
        for (const form of forms(mine)) {
          expect(form, where).to.be.a('string').and.not.equal('');
          expect(placeholders(form).filter((p) => p !== '{n}'), where).to.deep.equal(wanted.filter((p) => p !== '{n}'));
        }
        if (typeof mine === 'object') {
          expect(wanted, `${where}: plural forms count {n}`).to.include('{n}');
          expect(Object.keys(mine).sort(), `${where}: the plural forms of ${code}`).to.deep.equal(categories);
          expect(placeholders(mine.other), where).to.deep.equal(wanted);
        } else {
          expect(placeholders(mine), where).to.deep.equal(wanted);
          if (typeof english === 'object') expect(categories, `${where} needs its plural forms`).to.deep.equal(['other']);
        }
        if (JSON.stringify(mine) === JSON.stringify(english)) same++;
      }
      // A few words are the same in some languages (", ", "Videos"); a file of English placeholders is not a translation.
      expect(same, `${code}: keys left as the English`).to.be.below(Object.keys(en).length / 5);
    }
  });

  it('finds a language by its longest known tag: pt-BR, pt-PT, zh-Hant-HK, iw', async () => {
    const el = await inLocale('pt-BR', { multiple: false });
    expect(text(dropZone(el))).to.equal('Solte um arquivo aqui ou escolha um arquivo');
    el.locale = 'pt-PT';
    await until(async () => (await el.updateComplete, text(dropZone(el)).startsWith('Largue')), 'European Portuguese');
    el.locale = 'zh-Hant-HK';
    await until(async () => (await el.updateComplete, text(dropZone(el)).startsWith('將一個檔案')), 'Traditional Chinese');
    el.locale = 'iw';
    await until(async () => (await el.updateComplete, text(dropZone(el)).startsWith('גררו')), 'Hebrew by its old code');
    el.locale = 'sw';
    await el.updateComplete;
    expect(text(dropZone(el)), 'a language with no dictionary speaks English').to.equal('Drop a file here or choose a file');
    expect(getComputedStyle(dropZone(el)).direction).to.equal('ltr');
  });

  it('picks plural forms by Intl.PluralRules: Russian, Polish and Arabic counts read right', async () => {
    const cases: Array<[string, number, string]> = [
      ['ru', 3, 'не более 3 файлов'], ['ru', 21, 'не более 21 файла'], ['ru', 5, 'не более 5 файлов'],
      ['pl', 2, 'najwyżej 2 pliki'], ['pl', 5, 'najwyżej 5 plików'], ['pl', 22, 'najwyżej 22 pliki'],
      ['ar', 2, 'ملفان على الأكثر'], ['ar', 3, '3 ملفات على الأكثر'], ['ar', 11, '11 ملفًا على الأكثر'], ['ar', 100, '100 ملف على الأكثر'],
      ['cs', 3, 'nejvýše 3 soubory'], ['cs', 7, 'nejvýše 7 souborů'],
      ['he', 2, 'שני קבצים לכל היותר'], ['he', 4, 'עד 4 קבצים'],
      ['fr', 2, '2 fichiers au maximum'], ['de', 3, 'höchstens 3 Dateien'],
    ];
    for (const [locale, n, words] of cases) {
      const el = await inLocale(locale, { 'max-files': String(n) });
      expect(hint(el), `${locale}, ${n}`).to.equal(words);
      el.remove();
    }
    // The announcement for a batch counts the same way.
    const el = await inLocale('ru', { folder: uniqueFolder('plural') });
    const done = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('a.bin', 5), makeBytes('b.bin', 5)]);
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('Добавлено 2 файла.');
    await done;
  });

  it('writes numbers, sizes and lists as the language does', async () => {
    const de = await inLocale('de-AT', { 'max-file-size': '1.5MB', accept: 'image/*,.pdf' });
    expect(hint(de)).to.equal('Erlaubt: Bilder oder .pdf, je bis 1,5 MB');
    const fa = await inLocale('fa', { 'max-file-size': '1.5MB', 'max-files': '12' });
    expect(hint(fa), 'Persian digits').to.equal('هر فایل تا ۱٫۵ MB، حداکثر ۱۲ فایل');
    // A file over the limit: its size and the limit are written in the language too.
    const fr = await inLocale('fr', { 'max-file-size': '1KB' });
    fr.addFiles([makeBytes('gros.bin', 1600)]);
    await fr.updateComplete;
    // (text() reads every kind of space as one: French puts no-break spaces before : and ;.)
    expect(text(status(fr))).to.equal('Trop volumineux : 1,6 ko, maximum 1 ko');
    expect(text(shadow(fr).querySelector('[role=status]'))).to.equal('« gros.bin » fait 1,6 ko ; la taille maximale est de 1 ko.');
  });

  it('lays out Arabic, Hebrew and Persian right to left with no dir on the page, and an explicit dir still wins', async () => {
    for (const locale of ['ar', 'he', 'fa']) {
      const el = await inLocale(locale, { folder: uniqueFolder('rtl') });
      const complete = nextEvent(el, 'ik-complete');
      el.addFiles([makeBytes('r.bin', 10)]);
      await complete;
      await el.updateComplete;
      expect(getComputedStyle(dropZone(el)).direction, locale).to.equal('rtl');
      const row = rows(el)[0]!;
      const name = row.querySelector('[part~="file-name"]')!.getBoundingClientRect();
      const actions = row.querySelector('[part~="actions"]')!.getBoundingClientRect();
      expect(actions.right, `${locale}: the buttons sit on the left, the name on the right`).to.be.lessThan(name.left);
      el.remove();
    }
    // dir on the element, or on the page around it, decides.
    const own = await inLocale('ar', { dir: 'ltr' });
    expect(getComputedStyle(dropZone(own)).direction).to.equal('ltr');
    const page = document.createElement('div');
    page.dir = 'ltr';
    document.body.append(page);
    const inside = await inLocale('he', {}, page);
    expect(getComputedStyle(dropZone(inside)).direction).to.equal('ltr');
    // And an RTL page keeps an English element right to left, as it asked.
    page.dir = 'rtl';
    inside.locale = 'en';
    await inside.updateComplete;
    expect(getComputedStyle(dropZone(inside)).direction).to.equal('rtl');
  });

  it('isolates file names inside messages, so an Arabic sentence does not scramble "1.jpg" and its quotes stay put', async () => {
    const el = await inLocale('ar', { 'max-file-size': '1KB' });
    el.addFiles([makeBytes('1.jpg', 5000, 'image/jpeg')]);
    await el.updateComplete;
    // The row gives the reason beside the name; the announcement names the file inside a sentence.
    const told = shadow(el).querySelector('[role=status]')!.textContent!;
    expect(told, 'the name sits between FSI and PDI').to.include(`«${FSI}1.jpg${PDI}»`);
    // Where a person sees the characters: a visible copy of that sentence reads "1.jpg" left to right, inside its quotes.
    const line = document.createElement('p');
    line.dir = 'rtl';
    line.style.font = '16px sans-serif';
    line.textContent = told;
    document.body.append(line);
    const node = line.firstChild!;
    const full = node.textContent!;
    const at = (i: number) => {
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      return r.getBoundingClientRect();
    };
    const start = full.indexOf('1.jpg');
    const one = at(start), dot = at(start + 1), j = at(start + 2), open = at(start - 2), close = at(start + 6);
    line.remove();
    expect(one.left, '"1" before ".jpg"').to.be.lessThan(dot.left);
    expect(dot.left, '"." before "jpg"').to.be.lessThan(j.left);
    expect(open.left, '« on the right of the name (it opens an RTL quote)').to.be.greaterThan(j.left);
    expect(close.right, '» on the left of the name').to.be.lessThan(one.left + 1);
    // The name in its own cell, and the accepted ".pdf", read left to right too.
    const cell = rows(el)[0]!.querySelector('[part~="file-name"]')!;
    const name = [...cell.querySelectorAll('*'), cell].flatMap((e) => [...e.childNodes]).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent === '1.jpg')!;
    const inName = (i: number) => {
      const r = document.createRange();
      r.setStart(name, i);
      r.setEnd(name, i + 1);
      return r.getBoundingClientRect().left;
    };
    expect(inName(0), 'the cell reads "1.jpg", not "jpg.1"').to.be.lessThan(inName(2));
  });
});
