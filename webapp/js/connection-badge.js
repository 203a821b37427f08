// The connection state of the shared generation socket, in words, with a countdown while waiting to reconnect.

const TEXT = { idle: 'not connected', connecting: 'connecting…', open: 'connected' };

export function connectionBadge(node, connection) {
  let timer = null;
  function render() {
    clearInterval(timer);
    const { state } = connection;
    node.dataset.state = state;
    if (state !== 'waiting') {
      node.textContent = TEXT[state] ?? state;
      return;
    }
    const tick = () => {
      const s = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
      node.textContent = `disconnected · retry ${connection.backoff.attempt} in ${s} s`;
    };
    tick();
    timer = setInterval(tick, 500);
  }
  connection.addEventListener('state', render);
  node.addEventListener('click', () => connection.reconnectNow());
  render();
}
