// Views as tabs addressed by the URL hash (#generate, #compare, #train, #eval, #models, #gallery): links, so the
// keyboard, the back button and bookmarks work. A view's settings may follow its name (#generate?seed=42…,
// form-state.js).

export class Nav {
  /** onShow(name) runs whenever a view is shown. */
  constructor(nav, views, fallback, onShow = () => {}) {
    this.links = [...nav.querySelectorAll('a[href^="#"]')];
    this.views = views; // name -> section element
    this.fallback = fallback;
    this.onShow = onShow;
    window.addEventListener('hashchange', () => this.show());
  }

  current() {
    const name = location.hash.slice(1).split('?')[0];
    return name in this.views ? name : this.fallback;
  }

  show() {
    const name = this.current();
    for (const [key, section] of Object.entries(this.views)) section.hidden = key !== name;
    for (const a of this.links) {
      if (a.getAttribute('href') === `#${name}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    document.title = `Guidestream — ${name}`;
    this.onShow(name);
  }

  go(name) {
    if (this.current() === name && location.hash.startsWith(`#${name}`)) this.show();
    else location.hash = name;
  }
}
