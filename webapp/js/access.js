// The access token (docs/SECURITY.md) for a service that requires one: open the page as
// http://host:8080/?access_token=<token> once; the tab keeps it in sessionStorage. REST calls send it as a Bearer
// header, WebSockets (which cannot carry headers from a browser) as the access_token query parameter.

const KEY = 'guidestream.accessToken';

export function accessToken() {
  const fromUrl = new URLSearchParams(location.search).get('access_token');
  if (fromUrl) sessionStorage.setItem(KEY, fromUrl);
  return sessionStorage.getItem(KEY) ?? '';
}
