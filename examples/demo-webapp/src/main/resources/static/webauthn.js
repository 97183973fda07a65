// The demo's security-key pages: hands the options the server put in the form (data-options) to the
// browser's WebAuthn API, and the browser's answer (credential.toJSON()) back to the server in the form.
// Same origin, no library; the server checks everything.
(function () {
  'use strict';
  document.querySelectorAll('form[data-ceremony]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.elements.credential.value) {
        return;
      }
      event.preventDefault();
      var status = document.getElementById('webauthn-status');
      if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        status.textContent = 'This browser cannot use security keys here: use another method.';
        return;
      }
      var options = JSON.parse(form.dataset.options);
      var ceremony = form.dataset.ceremony === 'create'
        ? navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)})
        : navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
      status.textContent = 'Waiting for your security key...';
      ceremony.then(function (credential) {
        form.elements.credential.value = JSON.stringify(credential.toJSON());
        form.submit();
      }, function (error) {
        status.textContent = 'The security key did not answer (' + error.name + '). Try again, or use another method.';
      });
    });
  });
})();
