// The access token (docs/SECURITY.md) for a service that requires one: open the page as
// http://host:8080/?access_token=<token> once; the tab keeps it in sessionStorage and takes it out of the address
// bar. REST calls send it as a Bearer header, WebSockets (which cannot carry headers from a browser) as the
// access_token query parameter.

const KEY = 'guidestream.accessToken';

export function accessToken() {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('access_token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    // Out of the address bar, so that a link copied to share the page's settings does not carry the token.
    params.delete('access_token');
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  return sessionStorage.getItem(KEY) ?? '';
}
