/* The search worker behind Material's search box (Material's worker messages: 0 set up, 1 ready,
   2 query, 3 result). The index arrives from Material's interface; the searching is search-core.js. */
importScripts("search-core.js");

var state = null;

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    state = ZhiduSearch.load(message.data);
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    postMessage({ type: 3, data: state ? ZhiduSearch.forMaterial(state, message.data) : { items: [], total: 0 } });
  }
});
