/* scalesim report: draws the interactive charts described by the JSON in the script
 * element #scalesim-charts with uPlot (embedded before this script), adds one on/off
 * switch per variant, and records what it did on the section #interactive:
 * data-report-status ("ok" or "errors"), data-script-errors (a JSON list), data-resources
 * (resources fetched from outside the page: always 0), and on each chart's <figure>
 * data-series / data-points (labels and value counts, " | "-separated), data-marks (lines
 * at fixed values) and data-drawn.
 * With #selftest in the address it also zooms, pans, hovers and toggles, and writes the
 * outcome to data-selftest. The browser test (tests/integration/browser.rs) reads these. */
(function () {
  "use strict";
  var section = document.getElementById("interactive");
  var errors = [];
  function fail(msg) {
    errors.push(String(msg));
    if (section) {
      section.setAttribute("data-script-errors", JSON.stringify(errors));
      section.setAttribute("data-report-status", "errors");
    }
  }
  window.addEventListener("error", function (e) { fail(e.message || "script error"); });
  window.addEventListener("unhandledrejection", function (e) { fail("unhandled: " + e.reason); });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function trim(v, digits) { return String(+v.toPrecision(digits)); }
  var FORMATS = {
    elapsed: function (s) {
      var sign = s < 0 ? "-" : "";
      s = Math.round(Math.abs(s));
      var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
      return sign + (d ? d + "d " : "") + pad(h) + ":" + pad(m);
    },
    duration: function (s) {
      var a = Math.abs(s);
      if (a === 0) return "0 s";
      if (a < 1e-3) return trim(s * 1e6, 3) + " µs";
      if (a < 1) return trim(s * 1e3, 3) + " ms";
      if (a < 60) return trim(s, 3) + " s";
      var r = Math.round(a), sign = s < 0 ? "-" : "";
      function two(big, bigUnit, small, smallUnit) {
        return sign + big + bigUnit + (small ? " " + pad(small) + smallUnit : "");
      }
      if (a < 3600) return two(Math.floor(r / 60), "m", r % 60, "s");
      if (a < 86400) return two(Math.floor(r / 3600), "h", Math.floor((r % 3600) / 60), "m");
      return two(Math.floor(r / 86400), "d", Math.floor((r % 86400) / 3600), "h");
    },
    usd: function (v) {
      var a = Math.abs(v);
      if (a >= 1000) return "$" + Math.round(v).toLocaleString("en-US");
      return "$" + v.toFixed(a >= 1 || a === 0 ? 2 : 4);
    },
    count: function (v) { return Number.isInteger(v) ? String(v) : trim(v, 3); },
    share: function (v) { return trim(v * 100, 3) + "%"; }
  };
  var ELAPSED_STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
    172800, 604800, 1209600, 2419200];
  var DURATION_STEPS = [1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

  // Ticks of a logarithmic duration axis: round durations rather than powers of ten of
  // seconds past a minute.
  var LOG_DURATION_TICKS = [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 60, 600, 3600, 36000,
    86400, 864000];

  function axisValues(axis) {
    var f = FORMATS[axis.unit];
    return function (u, splits) {
      return splits.map(function (v) { return v == null ? "" : f(v); });
    };
  }

  // Label every tick of a log axis (uPlot would keep only some).
  function keepAll(u, splits) { return splits; }

  // Where a log axis has its ticks and grid lines: round durations, or powers of ten.
  function logSplits(axis) {
    return function (u, i, min, max) {
      if (axis.unit === "duration") {
        return LOG_DURATION_TICKS.filter(function (v) { return v >= min * 0.999 && v <= max * 1.001; });
      }
      var out = [];
      for (var e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) {
        out.push(Math.pow(10, e));
      }
      return out;
    };
  }

  // The extent of the values on one scale: every value of its series, its marks, and 0
  // when the axis starts at zero.
  function extent(values, axis, marks) {
    var min = Infinity, max = -Infinity;
    values.forEach(function (col) {
      for (var i = 0; i < col.length; i++) {
        var v = col[i];
        if (v != null && isFinite(v) && (!axis.log || v > 0)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    });
    var e = { dataLo: min, dataHi: max, marks: marks };
    marks.forEach(function (v) { min = Math.min(min, v); max = Math.max(max, v); });
    if (axis.from_zero && !axis.log) min = Math.min(0, min);
    e.lo = min;
    e.hi = max;
    return e;
  }

  // A scale: logarithmic, or linear with 5% padding (none below a zero start). On x, only
  // the automatic range (the whole data) is padded; a range the reader chose by zooming or
  // panning is kept as it is, so synced charts agree exactly. A y scale follows the values
  // in view, with its marks and its zero.
  function scaleOf(axis, full, isX) {
    var s = { time: false };
    if (axis.log) { s.distr = 3; s.log = 10; return s; }
    s.range = function (u, min, max) {
      var lo = full.lo, hi = full.hi;
      if (isX) {
        var automatic = min == null || max == null || (min <= full.dataLo && max >= full.dataHi);
        if (!automatic) return [min, max];
      } else if (min != null && max != null && isFinite(min) && isFinite(max)) {
        lo = axis.from_zero ? Math.min(0, min) : min;
        hi = max;
        full.marks.forEach(function (v) { lo = Math.min(lo, v); hi = Math.max(hi, v); });
      }
      if (!(hi > lo)) { hi = lo + 1; }
      var padding = (hi - lo) * 0.05;
      return [axis.from_zero && lo === 0 ? 0 : lo - padding, hi + padding];
    };
    return s;
  }

  // Pan the x scale of u by dv (in x units).
  function panBy(u, dv) {
    u.setScale("x", { min: u.scales.x.min + dv, max: u.scales.x.max + dv });
  }

  function startPan(u, e) {
    var x0 = e.clientX, min = u.scales.x.min, max = u.scales.x.max;
    var perPx = (max - min) / (u.over.clientWidth || 1);
    function move(ev) {
      var dv = -(ev.clientX - x0) * perPx;
      u.setScale("x", { min: min + dv, max: max + dv });
    }
    function up() {
      document.removeEventListener("mousemove", move);
      document.removeEventListener("mouseup", up);
    }
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", up);
  }

  // Whiskers of series with error bars, and the lines at fixed values.
  function drawExtras(spec, flat) {
    return function (u) {
      var ctx = u.ctx, b = u.bbox, dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(b.left, b.top, b.width, b.height);
      ctx.clip();
      flat.forEach(function (s, i) {
        if (!s.err || !u.series[i + 1].show) return;
        var x = u.data[0], y = u.data[i + 1], cap = 4 * dpr;
        ctx.strokeStyle = s.color;
        ctx.lineWidth = 1.2 * dpr;
        for (var k = 0; k < x.length; k++) {
          if (y[k] == null) continue;
          var px = u.valToPos(x[k], "x", true), py = u.valToPos(y[k], "y", true);
          var xlo = s.err.x_lo[k], xhi = s.err.x_hi[k], ylo = s.err.y_lo[k], yhi = s.err.y_hi[k];
          ctx.beginPath();
          if (xlo != null && xhi != null) {
            var a = u.valToPos(xlo, "x", true), c = u.valToPos(xhi, "x", true);
            ctx.moveTo(a, py); ctx.lineTo(c, py);
            ctx.moveTo(a, py - cap); ctx.lineTo(a, py + cap);
            ctx.moveTo(c, py - cap); ctx.lineTo(c, py + cap);
          }
          if (ylo != null && yhi != null) {
            var lo = u.valToPos(ylo, "y", true), hi = u.valToPos(yhi, "y", true);
            ctx.moveTo(px, lo); ctx.lineTo(px, hi);
            ctx.moveTo(px - cap, lo); ctx.lineTo(px + cap, lo);
            ctx.moveTo(px - cap, hi); ctx.lineTo(px + cap, hi);
          }
          ctx.stroke();
        }
      });
      (spec.marks || []).forEach(function (m) {
        ctx.strokeStyle = m.color;
        ctx.fillStyle = m.color;
        ctx.lineWidth = 1.5 * dpr;
        ctx.setLineDash([6 * dpr, 4 * dpr]);
        ctx.font = (12 * dpr) + "px system-ui, sans-serif";
        ctx.beginPath();
        if (m.axis === "x") {
          var px = u.valToPos(m.value, "x", true);
          ctx.moveTo(px, b.top); ctx.lineTo(px, b.top + b.height);
          ctx.stroke();
          var w = ctx.measureText(m.label).width, right = px + 4 * dpr + w <= b.left + b.width;
          ctx.fillText(m.label, right ? px + 4 * dpr : px - 4 * dpr - w, b.top + 14 * dpr);
        } else {
          var py = u.valToPos(m.value, "y", true);
          ctx.moveTo(b.left, py); ctx.lineTo(b.left + b.width, py);
          ctx.stroke();
          ctx.fillText(m.label, b.left + 4 * dpr, py - 4 * dpr);
        }
        ctx.setLineDash([]);
      });
      ctx.restore();
    };
  }

  var plots = [];
  var syncing = false;

  function build(spec, fig) {
    var flat = [];
    spec.tables.forEach(function (t) { t.series.forEach(function (s) { flat.push(s); }); });
    var tables = spec.tables.map(function (t) {
      return [t.x].concat(t.series.map(function (s) { return s.y; }));
    });
    var data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    var single = tables.length === 1;
    var xf = FORMATS[spec.x.unit];
    var series = [{ label: spec.x.label, value: function (u, v) { return v == null ? "–" : xf(v); } }];
    flat.forEach(function (s) {
      var yf = FORMATS[spec.y[s.axis].unit];
      var points = s.style === "points";
      series.push({
        label: s.label,
        scale: s.axis === 0 ? "y" : "y2",
        stroke: s.color,
        fill: undefined,
        width: points ? 0 : s.width,
        dash: s.dash ? [6, 4] : undefined,
        spanGaps: true,
        paths: points ? function () { return null; }
          : s.style === "step" ? uPlot.paths.stepped({ align: -1 }) : undefined,
        points: points ? { show: true, size: s.width, fill: s.color, stroke: s.color, width: 1 }
          : { show: false },
        value: function (u, v, si, i) {
          if (v == null) return "–";
          var text = yf(v);
          if (single && s.labels && i != null && s.labels[i]) text += " · " + s.labels[i];
          return text;
        }
      });
    });
    var axes = [{ label: spec.x.label, values: axisValues(spec.x), space: 70 }];
    if (spec.x.unit === "elapsed") axes[0].incrs = ELAPSED_STEPS;
    if (spec.x.unit === "duration" && !spec.x.log) axes[0].incrs = DURATION_STEPS;
    if (spec.x.log) {
      axes[0].splits = logSplits(spec.x);
      axes[0].filter = keepAll;
    }
    var marks = spec.marks || [];
    function markValues(axis) {
      return marks.filter(function (m) { return m.axis === axis; }).map(function (m) { return m.value; });
    }
    var scales = { x: scaleOf(spec.x, extent([data[0]], spec.x, markValues("x")), true) };
    spec.y.forEach(function (a, i) {
      var key = i === 0 ? "y" : "y2";
      var cols = data.slice(1).filter(function (c, k) { return flat[k].axis === i; });
      scales[key] = scaleOf(a, extent(cols, a, i === 0 ? markValues("y") : []), false);
      axes.push({ scale: key, label: a.label, values: axisValues(a), size: 72,
        side: i === 0 ? 3 : 1, grid: { show: i === 0 }, splits: a.log ? logSplits(a) : undefined,
        filter: a.log ? keepAll : undefined });
    });
    var plot = fig.querySelector(".plot");
    var entry = { spec: spec, flat: flat, u: null };
    var opts = {
      width: Math.max(320, plot.clientWidth || 800),
      height: spec.height,
      series: series,
      axes: axes,
      scales: scales,
      legend: { live: true },
      cursor: {
        drag: { x: true, y: false },
        sync: spec.sync ? { key: spec.sync } : undefined,
        bind: spec.pan ? {
          mousedown: function (u, targ, handler) {
            return function (e) {
              if (e.shiftKey) { startPan(u, e); return null; }
              return handler(e);
            };
          }
        } : undefined
      },
      hooks: {
        draw: [drawExtras(spec, flat), function () {
          fig.setAttribute("data-drawn", String(+(fig.getAttribute("data-drawn") || 0) + 1));
        }],
        setScale: [function (u, key) {
          if (key !== "x" || !spec.sync || syncing) return;
          syncing = true;
          try {
            plots.forEach(function (p) {
              if (p.u && p.u !== u && p.spec.sync === spec.sync &&
                  (p.u.scales.x.min !== u.scales.x.min || p.u.scales.x.max !== u.scales.x.max)) {
                p.u.setScale("x", { min: u.scales.x.min, max: u.scales.x.max });
              }
            });
          } finally { syncing = false; }
        }]
      }
    };
    entry.u = new uPlot(opts, data, plot);
    fig.setAttribute("data-series", flat.map(function (s) { return s.label; }).join(" | "));
    fig.setAttribute("data-marks", String(marks.length));
    fig.setAttribute("data-points", flat.map(function (s, i) {
      return data[i + 1].filter(function (v) { return v != null; }).length;
    }).join(" | "));
    return entry;
  }

  function toggles(groups) {
    var box = section.querySelector(".toggles");
    if (!box || !groups.length) return;
    box.appendChild(document.createTextNode("Variants shown: "));
    groups.forEach(function (g, gi) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.setAttribute("data-group", g);
      input.addEventListener("change", function () {
        plots.forEach(function (p) {
          p.flat.forEach(function (s, i) {
            if (s.group === g) p.u.setSeries(i + 1, { show: input.checked });
          });
        });
      });
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      var first = null;
      plots.forEach(function (p) {
        p.flat.forEach(function (s) { if (!first && s.group === g) first = s.color; });
      });
      swatch.style.background = first || "#888";
      label.appendChild(input);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(g));
      box.appendChild(label);
      if (gi === 0) box.removeAttribute("hidden");
    });
  }

  // Zoom, sync, pan, hover and toggle through the same calls the mouse uses, one step per
  // timer tick (uPlot applies changes in a microtask), then record the outcome.
  function selftest(groups, done) {
    var out = [], steps = [];
    function check(name, ok, detail) { out.push(name + ":" + (ok ? "ok" : "fail(" + detail + ")")); }
    var tl = plots.filter(function (p) { return p.spec.pan; })[0];
    if (tl) {
      var u = tl.u, min, max, q, eps;
      var other = plots.filter(function (p) {
        return p !== tl && p.spec.sync && p.spec.sync === tl.spec.sync;
      })[0];
      steps.push(function () {
        min = u.scales.x.min; max = u.scales.x.max; q = (max - min) / 4; eps = 1e-6 * (max - min);
        u.setScale("x", { min: min + q, max: max - q });
      });
      steps.push(function () {
        check("zoom", Math.abs(u.scales.x.max - u.scales.x.min - 2 * q) < eps,
          u.scales.x.min + ".." + u.scales.x.max + " of " + min + ".." + max);
        if (other) {
          check("sync", Math.abs(other.u.scales.x.min - u.scales.x.min) < eps &&
            Math.abs(other.u.scales.x.max - u.scales.x.max) < eps, other.u.scales.x.min);
        }
        panBy(u, q / 2);
      });
      steps.push(function () {
        check("pan", Math.abs(u.scales.x.min - (min + 1.5 * q)) < eps, u.scales.x.min);
        u.setScale("x", { min: min, max: max });
      });
    }
    var first = plots[0];
    if (first) {
      steps.push(function () {
        first.u.setCursor({ left: first.u.over.clientWidth / 2, top: first.u.over.clientHeight / 2 });
      });
      steps.push(function () {
        var cell = first.u.root.querySelectorAll(".u-series")[1].querySelector(".u-value");
        var text = cell ? cell.textContent : "";
        check("hover", /\d/.test(text), text);
      });
    }
    if (groups.length) {
      var input = section.querySelector(".toggles input[data-group]"), off;
      var shown = function () {
        var g = input.getAttribute("data-group"), all = [];
        plots.forEach(function (p) {
          p.flat.forEach(function (s, i) { if (s.group === g) all.push(p.u.series[i + 1].show); });
        });
        return all;
      };
      steps.push(function () { input.checked = false; input.dispatchEvent(new Event("change")); });
      steps.push(function () {
        off = shown();
        input.checked = true;
        input.dispatchEvent(new Event("change"));
      });
      steps.push(function () {
        var on = shown();
        check("toggle", off.length > 0 && off.every(function (v) { return !v; }) &&
          on.every(function (v) { return v; }), off.join(",") + "/" + on.join(","));
      });
    }
    function next(i) {
      if (i === steps.length) {
        section.setAttribute("data-selftest", out.join(" "));
        done();
        return;
      }
      try { steps[i](); } catch (e) { fail("selftest: " + (e && e.message ? e.message : e)); }
      setTimeout(function () { next(i + 1); }, 0);
    }
    setTimeout(function () { next(0); }, 0);
  }

  function main() {
    if (!section) return;
    var el = document.getElementById("scalesim-charts");
    var set = JSON.parse(el.textContent);
    set.charts.forEach(function (spec) {
      var fig = section.querySelector('figure[data-chart="' + spec.id + '"]');
      try {
        if (!fig) throw new Error("no figure for chart " + spec.id);
        plots.push(build(spec, fig));
      } catch (e) {
        fail(spec.id + ": " + (e && e.message ? e.message : e));
      }
    });
    toggles(set.groups || []);
    window.addEventListener("resize", function () {
      plots.forEach(function (p) {
        var w = p.u.root.parentNode.clientWidth;
        if (w) p.u.setSize({ width: Math.max(320, w), height: p.spec.height });
      });
    });
    var external = (performance.getEntriesByType ? performance.getEntriesByType("resource") : [])
      .filter(function (r) { return !/^data:/.test(r.name); }).length;
    section.setAttribute("data-resources", String(external));
    var finished = function () {
      if (!errors.length) section.setAttribute("data-report-status", "ok");
    };
    if (location.hash === "#selftest") selftest(set.groups || [], finished);
    else setTimeout(finished, 0);
  }

  try { main(); } catch (e) { fail(e && e.stack ? e.stack : e); }
})();
