// A form's settings in the page's URL, so that a link reproduces a run and a reload restores the form:
// #generate?model=fashion-cond&label=7&batch=4&seed=42&kind=ddim&steps=50&… (in the fragment, so it never reaches
// the server's logs). Controls inside a [data-config="A"] box are prefixed "A." (Compare's configurations).

/** The settings in the URL for `view`, as {name: value}, or null when the URL holds none for it. */
export function readUrlState(view) {
  const [name, query] = location.hash.slice(1).split('?');
  if (name !== view || !query) return null;
  return Object.fromEntries(new URLSearchParams(query));
}

/**
 * Puts `state` in the URL for `view` without a new history entry (the back button still moves between views). Not
 * when the URL already names another view: a link or `location.hash` asked for it and its `hashchange` may not have
 * run yet, so `view` still looks shown, and writing would take the user back to it (a reload, then #gallery, while
 * the model list arrived). An empty fragment is the default view, which may write.
 */
export function writeUrlState(view, state) {
  const asked = location.hash.slice(1).split('?')[0];
  if (asked && asked !== view) return;
  const query = new URLSearchParams(state).toString();
  const hash = `#${view}${query ? `?${query}` : ''}`;
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

/** Whether a view's element is in the view shown now (only that one writes the URL). */
export function isShown(element) {
  const section = element.closest('section[id^="view-"]');
  return Boolean(section) && !section.hidden;
}

function prefixOf(control) {
  const box = control.closest('[data-config]');
  return box ? `${box.dataset.config}.` : '';
}

/** {name: value} of the form's enabled, named controls (checkboxes as 1 or 0). */
export function readForm(form) {
  const state = {};
  for (const c of form.elements) {
    if (!c.name || c.disabled || c.type === 'submit' || c.type === 'button') continue;
    state[prefixOf(c) + c.name] = c.type === 'checkbox' ? (c.checked ? '1' : '0') : c.value;
  }
  return state;
}

function controlFor(form, key) {
  const dot = key.indexOf('.');
  const [prefix, name] = dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : ['', key];
  return [...form.elements].find((c) => c.name === name && prefixOf(c) === (prefix ? `${prefix}.` : ''));
}

/**
 * Sets the form's controls from `state`, `first` keys first and `last` keys last (options of later controls depend
 * on earlier ones: the classes on the model and the guidance), with a change event each so the form follows. A value
 * a select does not offer is skipped. Returns the keys that were not applied.
 */
export function fillForm(form, state, { first = [], last = [] } = {}) {
  const keys = Object.keys(state);
  const ordered = [...first.filter((k) => k in state), ...keys.filter((k) => !first.includes(k) && !last.includes(k)),
    ...last.filter((k) => k in state)];
  const skipped = [];
  for (const key of ordered) {
    const c = controlFor(form, key);
    if (!c || (c.tagName === 'SELECT' && ![...c.options].some((o) => o.value === state[key]))) {
      skipped.push(key);
      continue;
    }
    if (c.type === 'checkbox') c.checked = state[key] === '1';
    else c.value = state[key];
    c.dispatchEvent(new Event('change', { bubbles: true }));
  }
  return skipped;
}
