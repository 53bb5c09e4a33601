// Initiates the replica set rs0 over mongo1..mongo3 once; run by the one-shot mongo-init service
// (mongosh --nodb --file). Idempotent: a set that exists is left as it is. Retries for up to two
// minutes while mongo1 is still in its first-start initialisation (it answers on localhost only,
// then restarts) or refuses the root user's login; any other error ends the service with a failure,
// so the members, which wait for it, do not start on a store that is not there.
const fs = require('fs');
const rootPassword = fs.readFileSync('/run/secrets/mongo_root_password', 'utf8').trim();
const members = [
  { _id: 0, host: 'mongo1:27017', priority: 2 },
  { _id: 1, host: 'mongo2:27017', priority: 1 },
  { _id: 2, host: 'mongo3:27017', priority: 1 },
];

function adminOnMongo1() {
  const conn = new Mongo('mongodb://mongo1:27017/?directConnection=true');
  const admin = conn.getDB('admin');
  admin.auth('root', rootPassword);
  return admin;
}

const deadline = Date.now() + 120 * 1000;
for (;;) {
  try {
    const admin = adminOnMongo1();
    const status = admin.runCommand({ replSetGetStatus: 1 });
    if (status.ok === 1) {
      print('tradeplan: replica set rs0 exists (' + status.members.length + ' members); nothing to do');
      break;
    }
    if (status.code !== 94 /* NotYetInitialized */) {
      throw new Error('replSetGetStatus: ' + JSON.stringify(status));
    }
    const initiated = admin.runCommand({ replSetInitiate: { _id: 'rs0', members: members } });
    if (initiated.ok !== 1) {
      throw new Error('replSetInitiate: ' + JSON.stringify(initiated));
    }
    print('tradeplan: replica set rs0 initiated over mongo1, mongo2, mongo3');
    break;
  } catch (e) {
    if (Date.now() > deadline) {
      throw e;
    }
    print('tradeplan: mongo1 not ready for the replica set yet (' + e.message + '); retrying');
    sleep(2000);
  }
}
