// Runs once, on mongo1's first start, inside the image's initialisation (a temporary mongod on
// localhost without authentication, before the replica set exists): creates the application's
// user. Its password is the Docker secret mongo_app_password, the same file the members read
// (MONGODB_PASSWORD_FILE); it is never printed. The replica set copies the user to mongo2/mongo3.
const fs = require('fs');
const password = fs.readFileSync('/run/secrets/mongo_app_password', 'utf8').trim();
if (password.length < 16) {
  throw new Error('mongo_app_password: at least 16 characters (docker/make-secrets.sh makes one)');
}
db.getSiblingDB('admin').createUser({
  user: 'tradeplan',
  pwd: password,
  roles: [{ role: 'readWrite', db: 'tradeplan' }],
});
print('tradeplan: created the application user "tradeplan" (readWrite on tradeplan)');
