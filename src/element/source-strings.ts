/**
 * The words of the link field and the camera view (`sources`), in English. They load with those
 * parts (the CDN file has a size budget); every locale file has them too, since `IkStrings` includes them.
 */
export const sourceStrings = {
  links: 'Links',
  linkHint: 'Paste links: https://…',
  addLinks: 'Add',
  camera: 'Take a photo',
  cameraView: 'Camera',
  switchCamera: 'Switch camera',
  closeCamera: 'Close camera',
  retake: 'Retake',
  usePhoto: 'Use photo',
  photoTaken: 'Photo taken',
  noCamera: 'No camera is available.',
  cameraDenied: 'Camera permission was refused.',
  cameraFallback: 'Take or choose a photo',
};
