/* The voting page's conveniences; the page works without them: +/- buttons for cumulative
   points, and a running tally of points or cost under the ballot. */
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    if (evt.target.closest("[data-print]")) {
      window.print();
    }
  });
  var ballot = document.querySelector(".pb-ballot");
  if (!ballot) {
    return;
  }
  var kind = ballot.dataset.kind;
  var tally = document.querySelector(".pb-tally");
  var points = parseInt(ballot.dataset.points, 10) || 0;
  var budget = parseFloat(ballot.dataset.budget) || 0;

  function update() {
    if (!tally) {
      return;
    }
    var text = "";
    var over = false;
    if (kind === "cumulative") {
      var used = 0;
      ballot.querySelectorAll(".pb-points input").forEach(function (input) {
        used += parseInt(input.value, 10) || 0;
      });
      text = ballot.dataset.labelPoints + "：" + used + " / " + points;
      over = used > points;
    } else if (kind === "knapsack") {
      var cost = 0;
      ballot.querySelectorAll(".pb-check:checked").forEach(function (box) {
        cost += parseFloat(box.dataset.cost) || 0;
      });
      text = ballot.dataset.labelCost + "：" + cost.toLocaleString() + " / " + budget.toLocaleString();
      over = cost > budget;
    } else {
      text = ballot.dataset.labelCount + "：" + ballot.querySelectorAll(".pb-check:checked").length;
    }
    tally.textContent = text;
    tally.classList.toggle("over", over);
    tally.hidden = false;
  }

  ballot.querySelectorAll(".pb-points").forEach(function (row) {
    var input = row.querySelector("input");
    row.querySelectorAll("button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var value = (parseInt(input.value, 10) || 0) + (button.classList.contains("pb-plus") ? 1 : -1);
        input.value = Math.max(0, Math.min(points, value));
        update();
      });
    });
  });
  ballot.addEventListener("input", update);
  ballot.addEventListener("change", update);
  update();
})();
