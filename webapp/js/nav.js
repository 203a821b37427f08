// Views as tabs addressed by the URL hash (#generate, #compare, #train, #eval, #models): links, so the keyboard,
// the back button and bookmarks work.

export class Nav {
  constructor(nav, views, fallback) {
    this.links = [...nav.querySelectorAll('a[href^="#"]')];
    this.views = views; // name -> section element
    this.fallback = fallback;
    window.addEventListener('hashchange', () => this.show());
  }

  current() {
    const name = location.hash.slice(1);
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
  }

  go(name) {
    if (location.hash === `#${name}`) this.show();
    else location.hash = name;
  }
}
