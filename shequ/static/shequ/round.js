/* The grid worker's round: "use my location" fills latitude and longitude from the phone
   (navigator.geolocation); the messages come translated in data-msg-* attributes. */
(function () {
  "use strict";
  var box = document.querySelector("[data-locate]");
  if (!box) {
    return;
  }
  var button = box.querySelector("[data-locate-button]");
  var status = box.querySelector("[data-locate-status]");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");

  function say(name, metres) {
    var text = box.getAttribute("data-msg-" + name) || "";
    status.textContent = text.replace("{metres}", metres === undefined ? "" : metres);
  }

  button.addEventListener("click", function () {
    if (!("geolocation" in navigator)) {
      say("unsupported");
      return;
    }
    button.disabled = true;
    say("busy");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        say("done", Math.round(position.coords.accuracy));
        button.disabled = false;
      },
      function (error) {
        say(error.code === error.PERMISSION_DENIED ? "denied" : "failed");
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  });
})();
