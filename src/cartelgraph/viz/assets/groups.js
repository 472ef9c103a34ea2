/* The map of groups: on a page coloured by group, each group of five or more entities shown is
   drawn under its dots as a light disk of its colour (around the middle of its members, as far
   out as most of them), so that at full view, where dots are a few pixels, the groups read as
   regions. Computed from the positions at each frame, so it follows dragging and expanding. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, G = P.page, network = G.network;
  var MIN_MEMBERS = 5, REACH = 0.85;  // the disk holds 85 % of the members
  var byGroup = document.getElementById("cg-by-group");
  var members = {};
  data.nodes.forEach(function (n) { if (n.group !== null) (members[n.group] = members[n.group] || []).push(n.id); });

  function disks() {
    var view = G.view(), out = [];
    Object.keys(members).forEach(function (group) {
      var ids = members[group].filter(function (id) { return view.node[id]; });
      if (ids.length < MIN_MEMBERS || !G.groupColour(Number(group))) return;
      var at = network.getPositions(ids), x = 0, y = 0;
      ids.forEach(function (id) { x += at[id].x / ids.length; y += at[id].y / ids.length; });
      var distances = ids.map(function (id) { return Math.hypot(at[id].x - x, at[id].y - y); }).sort(function (a, b) { return a - b; });
      out.push({ group: Number(group), x: x, y: y, r: distances[Math.floor(REACH * (distances.length - 1))] + 20 });
    });
    return out;
  }
  network.on("beforeDrawing", function (ctx) {
    if (!byGroup.checked || !data.positioned) return;
    var scale = network.getScale(), drawn = disks();
    drawn.forEach(function (disk) {
      ctx.save();
      ctx.beginPath();
      ctx.arc(disk.x, disk.y, disk.r, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = G.groupColour(disk.group);
      ctx.fill();
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = 2 / scale;
      ctx.strokeStyle = G.groupColour(disk.group);
      ctx.stroke();
      ctx.restore();
    });
    window.cartelgraphGroupDisks = function () { return drawn.slice(); };  // for tests
  });
})();
