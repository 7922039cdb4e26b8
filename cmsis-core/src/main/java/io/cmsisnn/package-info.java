/**
 * What every stage shares: {@link io.cmsisnn.CmsisException}, the base of every problem the user
 * can fix, its {@link io.cmsisnn.ConfigurationException} for a setting with no valid meaning, and
 * {@link io.cmsisnn.ZipEntryLimits} for reading zip entries safely. It imports no other
 * {@code io.cmsisnn} package, and every package may import it.
 */
package io.cmsisnn;
