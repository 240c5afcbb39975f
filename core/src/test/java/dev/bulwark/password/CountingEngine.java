package dev.bulwark.password;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to the real engine and records each full hash it was asked for. */
final class CountingEngine implements HashEngine {

  /**
   * One unit of work.
   *
   * @param operation what was computed
   * @param cost bcrypt cost or argon2 memory in KiB
   * @param passwordBytes how many bytes went into bcrypt, or -1
   */
  record Work(String operation, int cost, int passwordBytes) {}

  final List<Work> work = new CopyOnWriteArrayList<>();

  @Override
  public String hashBcrypt(byte[] password, int cost) {
    work.add(new Work("bcrypt-hash", cost, password.length));
    return SpringHashEngine.INSTANCE.hashBcrypt(password, cost);
  }

  @Override
  public boolean checkBcrypt(byte[] password, String bareHash) {
    work.add(new Work("bcrypt-check", Integer.parseInt(bareHash.substring(4, 6)), password.length));
    return SpringHashEngine.INSTANCE.checkBcrypt(password, bareHash);
  }

  @Override
  public String hashArgon2id(String password, int memoryKib, int iterations, int parallelism) {
    work.add(new Work("argon2-hash", memoryKib, -1));
    return SpringHashEngine.INSTANCE.hashArgon2id(password, memoryKib, iterations, parallelism);
  }

  @Override
  public boolean checkArgon2(String password, String bareHash) {
    work.add(new Work("argon2-check", Argon2Params.parse(bareHash).memoryKib(), -1));
    return SpringHashEngine.INSTANCE.checkArgon2(password, bareHash);
  }

  List<Work> drain() {
    List<Work> copy = List.copyOf(work);
    work.clear();
    return copy;
  }
}
