module.exports = {
  displayName: 'specialist',
  preset: '../../jest.preset.js',
};
