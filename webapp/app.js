// Wires the page: the shared generation socket, the registry, the views and the tabs.

import { connectionBadge } from './js/connection-badge.js';
import { GenerateConnection } from './js/connection.js';
import { gallery } from './js/gallery-store.js';
import { Nav } from './js/nav.js';
import { registry } from './js/registry.js';
import { CompareView } from './js/views/compare.js';
import { EvalView } from './js/views/eval.js';
import { GalleryView } from './js/views/gallery.js';
import { GenerateView } from './js/views/generate.js';
import { ModelsView } from './js/views/models.js';
import { TrainView } from './js/views/train.js';

const $ = (id) => document.getElementById(id);
const connection = new GenerateConnection();
let nav = null;

const views = {
  generate: new GenerateView(connection),
  compare: new CompareView(connection),
  train: new TrainView({ openModel: (name) => openModel(name) }),
  eval: new EvalView(),
  models: new ModelsView({
    generateWith: (name) => { views.generate.useModel(name); nav.go('generate'); },
    evaluate: (name) => { views.eval.model.value = name; views.eval.syncModel(); nav.go('eval'); },
  }),
  gallery: new GalleryView({
    reuse: (settings, numClasses) => { views.generate.reuse(settings, numClasses); nav.go('generate'); },
    otherMethod: (settings, numClasses) => {
      views.compare.compareWithOtherMethod(settings, numClasses);
      nav.go('compare');
    },
  }),
};

function openModel(name) {
  nav.go('models');
  views.models.open(name);
}

const sections = {};
for (const [name, view] of Object.entries(views)) {
  sections[name] = $(`view-${name}`);
  sections[name].append(view.element);
}
nav = new Nav($('tabs'), sections, 'generate', (name) => views[name].shown?.());
nav.show();

registry.addEventListener('change', () => {
  $('registry-error').hidden = !registry.error;
  $('registry-error').textContent = registry.error ? `Cannot list models: ${registry.error.message}` : '';
  Object.values(views).forEach((v) => v.onModels());
});
connectionBadge($('connection'), connection);
connection.addEventListener('error', (e) => {
  $('socket-error').textContent = `${e.detail.code}: ${e.detail.message}`;
});
connection.connect();
registry.refresh();

// For the browser test and for debugging from the console.
window.guidestream = { connection, registry, views, gallery };
