/** A modular application that uses Bulwark on the module path. */
@NullMarked
package dev.bulwark.examples.modulepath;

import org.jspecify.annotations.NullMarked;
