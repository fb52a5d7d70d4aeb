// Builds elements from data. Text always goes in as text nodes, never as markup: a userName of
// "<img src=x onerror=alert(1)>" shows as those characters. There is no innerHTML anywhere in the console.

/** h('button', {class: 'primary', onclick: fn}, 'Save') */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value') {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what is in the page's main region and moves focus there, as a page change should. */
export function show(title, ...children) {
  const main = document.getElementById('main');
  main.replaceChildren(h('h1', {}, title), ...children.filter(child => child !== null && child !== undefined));
  document.title = title + ' · scimhub console';
  main.focus();
  return main;
}

export function notice(kind, text) {
  return h('p', {class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status'}, text);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString();
}

/** A value with a Copy button; the value stays selectable for when the clipboard is not allowed. */
export function copyable(value, label) {
  const code = h('code', {class: 'value', 'data-copy': label || 'value'}, value);
  const status = h('span', {class: 'muted', 'aria-live': 'polite'});
  const button = h('button', {type: 'button', 'aria-label': 'Copy ' + (label || 'value'), onclick: async () => {
    try {
      await navigator.clipboard.writeText(value);
      status.textContent = 'Copied';
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy';
    }
  }}, 'Copy');
  return h('span', {class: 'copy'}, code, button, status);
}

export function table(caption, headers, rows) {
  return h('div', {class: 'table-wrap'}, h('table', {},
    h('caption', {class: 'muted'}, caption),
    h('thead', {}, h('tr', {}, headers.map(name => h('th', {scope: 'col'}, name)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: headers.length}, 'Nothing yet.')))));
}

export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function json(value) {
  return h('pre', {tabindex: '0', 'aria-label': 'JSON'}, JSON.stringify(value, null, 2));
}
